//! `pack` (formerly `compile`, still accepted): the guide packed for readers'
//! pages, one `.bin` per language (with its gzip copy) and the manifest
//! naming them, `<id>.compiled.json`.
//!
//! A card's image whose size the guide does not give is measured from its
//! file beside the guide, and the size packed with it, so the live card's
//! `<img>` reserves its box before the image loads (as the pre-rendered
//! card's does).

use crate::args::PackArgs;
use crate::{load_valid, render::image_size, Outcome};
use agreement_guide::model::pack::{pack, FORMAT};
use agreement_guide::Scenario;
use serde_json::json;
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// Runs `pack`.
pub fn run(a: &PackArgs) -> Outcome {
    let mut scenario = std::sync::Arc::unwrap_or_clone(load_valid(&a.file)?);
    for image in scenario.nodes.iter_mut().filter_map(|n| n.image.as_mut()) {
        if image.size.is_none() {
            image.size = image_size(&a.file, &image.src);
        }
    }
    let dir = a
        .output
        .clone()
        .unwrap_or_else(|| a.file.parent().map(Path::to_path_buf).unwrap_or_default());
    Ok(write(&scenario, &dir))
}

fn write(scenario: &Scenario, dir: &Path) -> ExitCode {
    let files = pack(scenario);
    let id = &scenario.meta.id;
    let mut names = serde_json::Map::new();
    let mut gzipped = serde_json::Map::new();
    let written = std::fs::create_dir_all(dir).and_then(|()| {
        for f in &files {
            let name = f.file_name(id);
            std::fs::write(dir.join(&name), &f.bytes)?;
            // The same bytes gzip-compressed, beside it: the element fetches this one and
            // decodes it with the browser's DecompressionStream, so a reader moves the
            // compressed size from any static host (most compress no `.bin`).
            let gz = format!("{name}.gz");
            let packed = gzip(&f.bytes)?;
            std::fs::write(dir.join(&gz), &packed)?;
            eprintln!(
                "wrote {} ({} bytes, {} of them play data; {} bytes as {gz})",
                dir.join(&name).display(),
                f.bytes.len(),
                f.core_len,
                packed.len()
            );
            names.insert(f.language.clone(), name.into());
            gzipped.insert(f.language.clone(), gz.into());
        }
        let manifest = json!({
            "id": id,
            "version": scenario.meta.version,
            "format": FORMAT,
            "defaultLanguage": scenario.meta.languages[scenario.meta.default_language],
            "files": names,
            "gzip": gzipped,
        });
        let path = dir.join(format!("{id}.compiled.json"));
        std::fs::write(
            &path,
            serde_json::to_string_pretty(&manifest).expect("a manifest serialises") + "\n",
        )?;
        eprintln!("wrote {}", path.display());
        Ok(())
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("agreement-guide: cannot write into {}: {e}", dir.display());
            ExitCode::from(2)
        }
    }
}

/// `bytes` gzip-compressed at the best level. Deterministic: the header carries no
/// name and no time, so the same guide packs to the same `.gz`.
fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    use flate2::{write::GzEncoder, Compression};
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    encoder.finish()
}
