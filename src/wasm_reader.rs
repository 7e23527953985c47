//! The reader runtime's WebAssembly boundary: a compiled guide (see
//! [`pack`](crate::model::pack)) → step, view, share token.
//!
//! Built alone (`--no-default-features --features reader`) into
//! `www/pkg-reader/`. It calls no JSON reader, checker or analysis, so the
//! linker drops them; the views are the full engine's own (`view.rs`), so a
//! reader sees exactly what the full engine shows. Like `wasm.rs`, each
//! method converts, calls the core and returns; every core error becomes one
//! JavaScript `Error` with `kind`, in [`to_js_error`]. The methods shared
//! with the full engine (view, step, save) are in
//! [`wasm_handle`](crate::wasm_handle); only loading is here.

use crate::error::Error;
use crate::facade::guide::Guide as Core;
use crate::prelude::*;
use crate::wasm_handle::{guide_handle_methods, js_error, seed_from};
use wasm_bindgen::prelude::*;

/// Values cross as JSON text, written by [`json_text`](crate::json_text)
/// and read by the page's own `JSON.parse`: the page sees exactly the values
/// the full engine's JSON gives (`null` for none, plain objects for maps).
/// Against serde-wasm-bindgen, which built the objects through JavaScript
/// calls, this is ~4 KB gzip smaller and ~50 µs slower per view
/// (docs/performance.md, "The reader runtime's diet").
fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> JsValue {
    js_sys::JSON::parse(&crate::json_text::to_json(value))
        .unwrap_or_else(|_| JsValue::from_str("serialisation failed"))
}

fn to_js_error(e: Error) -> JsValue {
    js_error(&e, &to_js(&e.kind())).into()
}

/// A reader's run through a compiled guide.
#[wasm_bindgen]
pub struct Reader {
    core: Core,
}

#[wasm_bindgen]
impl Reader {
    /// Loads a compiled guide file (`agreement-guide pack`) and starts a
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
}

guide_handle_methods!(
    Reader,
    view_doc = " What to show now, in `lang` (a language whose file is loaded)."
);

/// The allocator: talc instead of std's dlmalloc. A run's memory is small
/// (a guide of ~100 KB and views of ~10 KB), and talc is 2.6 KB gzip smaller
/// with the same time per view; lol_alloc's free list was 0.6 KB smaller
/// still but is O(free blocks) per call and, by its author's account, little
/// used (docs/performance.md, "The reader runtime's diet").
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// A panic traps at once. The reader runtime is built without std (see
/// `lib.rs`), so this is its panic handler: it never reads the panic's
/// message or location, and fat LTO drops the formatting machinery that
/// std's handler would keep alive (docs/performance.md, "The reader runtime's
/// diet"). A panic is a bug and ended in the same trap before, with
/// `panic = "abort"` and no hook; the page reports it as a failed step.
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
