//! The reader runtime's WebAssembly boundary: a compiled guide (see
//! [`pack`](crate::model::pack)) → step, view, share token.
//!
//! Built alone (`--no-default-features --features reader`) into
//! `www/pkg-reader/`. It calls no JSON reader, checker or analysis, so the
//! linker drops them; the views are the full engine's own (`view.rs`), so a
//! reader sees exactly what the full engine shows. Like `wasm.rs`, each
//! method converts, calls the core and returns; every core error becomes one
//! JavaScript `Error` with `kind`, in [`to_js_error`].

use crate::error::Error;
use crate::facade::guide::Guide as Core;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Values cross by serde-wasm-bindgen, JSON-compatible (`null` for none,
/// plain objects for maps), so the page sees exactly the values the full
/// engine's JSON gives. Measured against JSON text + `JSON.parse` (what
/// `wasm.rs` does; the `reader-json` feature builds it): half the time per
/// view and a far shorter tail, for ~1 KB gzip more (docs/performance.md).
#[cfg(not(feature = "reader-json"))]
fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    let s = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&s)
        .unwrap_or_else(|_| JsValue::from_str("serialisation failed"))
}

/// The measured alternative: JSON text parsed by the browser's `JSON.parse`.
#[cfg(feature = "reader-json")]
fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    serde_json::to_string(value)
        .ok()
        .and_then(|s| js_sys::JSON::parse(&s).ok())
        .unwrap_or_else(|| JsValue::from_str("serialisation failed"))
}

fn to_js_error(e: Error) -> JsValue {
    let err = js_sys::Error::new(&e.message());
    err.set_name("AgreementGuideError");
    let _ = js_sys::Reflect::set(err.as_ref(), &"kind".into(), &to_js(&e.kind()));
    err.into()
}

/// A seed from JavaScript: any finite number, truncated to 64 bits.
fn seed_from(seed: f64) -> u64 {
    if seed.is_finite() && seed >= 0.0 {
        seed as u64
    } else {
        0
    }
}

/// A reader's run through a compiled guide.
#[wasm_bindgen]
pub struct Reader {
    core: Core,
}

#[wasm_bindgen]
impl Reader {
    /// Loads a compiled guide file (`agreement-guide compile`) and starts a
    /// run. Throws an `Error` (`kind: "invalid-compiled"`) naming the problem
    /// when the file is of another format, cut short, altered or crafted.
    pub fn load(bytes: &[u8], seed: f64) -> Result<Reader, JsValue> {
        Ok(Reader {
            core: Core::from_packed(bytes, seed_from(seed)).map_err(to_js_error)?,
        })
    }

    /// Adds another language's file of the same guide; the run goes on.
    #[wasm_bindgen(js_name = addLanguage)]
    pub fn add_language(&mut self, bytes: &[u8]) -> Result<(), JsValue> {
        self.core.add_language(bytes).map_err(to_js_error)
    }

    /// What to show now, in `lang` (a language whose file is loaded).
    pub fn view(&self, lang: &str) -> JsValue {
        to_js(&self.core.view(lang))
    }

    /// What the guide is: title, summary, sources, endings, strategies.
    pub fn info(&self, lang: &str) -> JsValue {
        to_js(&self.core.info(lang))
    }

    /// Takes the choice with this id.
    pub fn choose(&mut self, id: &str) -> Result<(), JsValue> {
        self.core.choose(id).map_err(to_js_error)
    }

    /// Takes a random choice with its outcome decided by a player (team play).
    #[wasm_bindgen(js_name = chooseOutcome)]
    pub fn choose_outcome(&mut self, choice: &str, outcome: &str) -> Result<(), JsValue> {
        self.core
            .choose_outcome(choice, outcome)
            .map_err(to_js_error)
    }

    /// Switches on exactly the flashpoints named (comma-separated ids; "" =
    /// none) and starts the run again with the same seed.
    #[wasm_bindgen(js_name = setFlashpoints)]
    pub fn set_flashpoints(&mut self, ids: &str) -> Result<(), JsValue> {
        let ids: Vec<&str> = ids.split(',').collect();
        self.core.set_flashpoints(&ids).map_err(to_js_error)
    }

    /// Undoes the last step.
    pub fn undo(&mut self) -> Result<(), JsValue> {
        self.core.undo().map_err(to_js_error)
    }

    /// Goes back to the state after `step` steps.
    pub fn rewind(&mut self, step: usize) -> Result<(), JsValue> {
        self.core.rewind(step).map_err(to_js_error)
    }

    /// Starts again; with a seed, with that seed.
    pub fn restart(&mut self, seed: Option<f64>) {
        match seed {
            Some(s) => self.core.restart_with_seed(seed_from(s)),
            None => self.core.restart(),
        }
    }

    /// The share token of this run.
    pub fn save(&self) -> String {
        self.core.save()
    }

    /// Restores a run from a share token; on error the run is unchanged.
    pub fn restore(&mut self, token: &str) -> Result<(), JsValue> {
        self.core.restore(token).map_err(to_js_error)
    }
}

/// The allocator: talc instead of std's dlmalloc. A run's memory is small
/// (a guide of ~100 KB and views of ~10 KB), and talc is 2.6 KB gzip smaller
/// with the same time per view; lol_alloc's free list was 0.6 KB smaller
/// still but is O(free blocks) per call and, by its author's account, little
/// used (docs/performance.md, "The reader runtime's diet").
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
