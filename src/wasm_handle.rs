//! What the two WebAssembly handles share: the methods that show, step and
//! save a run, written once in [`guide_handle_methods!`] and emitted as a
//! second `#[wasm_bindgen] impl` block into the full engine's `Guide`
//! (`src/wasm.rs`) and the reader runtime's `Reader` (`src/wasm_reader.rs`),
//! and the helpers both boundaries use.
//!
//! The methods read the handle's `core` field (a [`Guide`](crate::facade::guide::Guide))
//! and call the invoking module's own `to_js` and `to_js_error`: the full
//! engine sends values as JSON text and errors with their diagnostics, the
//! reader runtime sends values as JSON text of its own writing and errors with a kind
//! only. No rules live here.

use crate::error::Error;
use wasm_bindgen::JsValue;

/// A seed from JavaScript: any finite number, truncated to 64 bits.
pub(crate) fn seed_from(seed: f64) -> u64 {
    if seed.is_finite() && seed >= 0.0 {
        seed as u64
    } else {
        0
    }
}

/// Values as JSON text parsed by the browser's own `JSON.parse`: smaller
/// than a per-type serializer into JS objects, and as fast for view-sized
/// values (the full engine; the reader runtime writes its own, `json_text`).
#[cfg(feature = "wasm")]
pub(crate) fn to_js_json<T: serde::Serialize + ?Sized>(value: &T) -> JsValue {
    serde_json::to_string(value)
        .ok()
        .and_then(|s| js_sys::JSON::parse(&s).ok())
        .unwrap_or_else(|| JsValue::from_str("serialisation failed"))
}

/// The JavaScript `Error` a core error becomes: named `AgreementGuideError`,
/// with the error's message and `kind` (already converted by the caller).
pub(crate) fn js_error(e: &Error, kind: &JsValue) -> js_sys::Error {
    let err = js_sys::Error::new(&e.message());
    err.set_name("AgreementGuideError");
    let _ = js_sys::Reflect::set(err.as_ref(), &"kind".into(), kind);
    err
}

/// The methods both handles export, emitted as `#[wasm_bindgen] impl $handle`.
/// `view`'s doc comment is the caller's (which languages it can show
/// differs), given as a plain string with a leading space, as `///` makes:
/// wasm-bindgen copies a `///` passed into a macro into the JS glue as the
/// raw literal it becomes (`r" …"`).
macro_rules! guide_handle_methods {
    ($handle:ident, view_doc = $view_doc:literal) => {
        #[::wasm_bindgen::prelude::wasm_bindgen]
        impl $handle {
            #[doc = $view_doc]
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
                    Some(s) => self
                        .core
                        .restart_with_seed($crate::wasm_handle::seed_from(s)),
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
    };
}

pub(crate) use guide_handle_methods;
