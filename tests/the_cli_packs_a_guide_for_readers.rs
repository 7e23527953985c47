//! `agreement-guide pack` writes one content-hashed file per language (and
//! its gzip-compressed copy) and a manifest naming them, after the full check: an invalid guide is refused
//! with `check`'s located messages and nothing is written. `compile`, its
//! former name, still works.

use std::path::Path;
use std::process::Command;

fn pack(file: &str, out: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_agreement-guide"))
        .args(["pack", file, "-o"])
        .arg(out)
        .output()
        .unwrap()
}

#[test]
fn each_language_gets_a_hashed_file_that_loads_and_the_manifest_names_it() {
    let out = std::env::temp_dir().join(format!("ag-pack-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let run = pack("scenarios/us-china-2015.json", &out);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("us-china-2015.compiled.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["id"], "us-china-2015");
    assert_eq!(manifest["defaultLanguage"], "en");
    assert_eq!(manifest["format"], agreement_guide::model::pack::FORMAT);
    for lang in ["en", "zh"] {
        let name = manifest["files"][lang].as_str().unwrap();
        assert!(
            name.starts_with(&format!("us-china-2015.{lang}.")) && name.ends_with(".bin"),
            "{name}"
        );
        let bytes = std::fs::read(out.join(name)).unwrap();
        let g = agreement_guide::Guide::from_packed(&bytes, 1).unwrap();
        assert_eq!(g.info(lang).language, lang);
        // Its gzip-compressed copy, named by the manifest: the same bytes, smaller.
        let gz = manifest["gzip"][lang].as_str().unwrap();
        assert_eq!(gz, format!("{name}.gz"));
        let packed = std::fs::read(out.join(gz)).unwrap();
        assert!(
            packed.starts_with(&[0x1f, 0x8b]) && packed.len() < bytes.len() / 2,
            "{gz}: {} bytes",
            packed.len()
        );
        let mut unpacked = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::GzDecoder::new(&packed[..]),
            &mut unpacked,
        )
        .unwrap();
        assert_eq!(unpacked, bytes, "{gz} holds {name}");
    }
    // The same guide packs to the same names and bytes, by the command's former name too.
    let again = out.join("again");
    assert!(Command::new(env!("CARGO_BIN_EXE_agreement-guide"))
        .args(["compile", "scenarios/us-china-2015.json", "-o"])
        .arg(&again)
        .status()
        .unwrap()
        .success());
    let m2: serde_json::Value =
        serde_json::from_slice(&std::fs::read(again.join("us-china-2015.compiled.json")).unwrap())
            .unwrap();
    assert_eq!(m2, manifest);
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn an_invalid_guide_is_refused_with_located_messages_and_nothing_is_written() {
    let out = std::env::temp_dir().join(format!("ag-pack-bad-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let bad = std::env::temp_dir().join(format!("ag-bad-{}.json", std::process::id()));
    let json = std::fs::read_to_string("tests/fixtures/valid/minimal.json")
        .unwrap()
        .replacen("\"start\": \"", "\"start\": \"nowhere-", 1);
    std::fs::write(&bad, json).unwrap();
    let run = pack(bad.to_str().unwrap(), &out);
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("meta.start") && err.contains(":"), "{err}");
    assert!(!out.exists(), "nothing written for an invalid guide");
    let _ = std::fs::remove_file(&bad);
}

/// A card's image whose size the guide does not give is measured from its
/// file beside the guide and packed with it, so the live card reserves its
/// box; a size the guide gives is kept as given.
#[test]
fn an_images_size_is_measured_from_its_file_unless_the_guide_gives_it() {
    let out = std::env::temp_dir().join(format!("ag-pack-image-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let size = |dir: &Path| {
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("with-image.compiled.json")).unwrap())
                .unwrap();
        let name = manifest["files"]["en"].as_str().unwrap();
        let g = agreement_guide::Guide::from_packed(&std::fs::read(dir.join(name)).unwrap(), 1)
            .unwrap();
        let image = g.view("en").node.unwrap().image.unwrap();
        (image.width, image.height)
    };
    assert!(pack("tests/fixtures/valid/with-image.json", &out)
        .status
        .success());
    let file = imagesize::size("tests/fixtures/valid/images/hotline.png").unwrap();
    assert_eq!(
        size(&out),
        (Some(file.width as u32), Some(file.height as u32))
    );
    let given = out.join("given");
    std::fs::create_dir_all(given.join("images")).unwrap();
    std::fs::copy(
        "tests/fixtures/valid/images/hotline.png",
        given.join("images/hotline.png"),
    )
    .unwrap();
    let json = std::fs::read_to_string("tests/fixtures/valid/with-image.json")
        .unwrap()
        .replace(
            r#""src": "images/hotline.png","#,
            r#""src": "images/hotline.png", "width": 64, "height": 32,"#,
        );
    std::fs::write(given.join("with-image.json"), json).unwrap();
    assert!(
        pack(given.join("with-image.json").to_str().unwrap(), &given)
            .status
            .success()
    );
    assert_eq!(size(&given), (Some(64), Some(32)));
    std::fs::remove_dir_all(&out).unwrap();
}
