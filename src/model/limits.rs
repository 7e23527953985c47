//! The limits on a guide, in one place: what the compiler refuses in a JSON
//! guide and what the packed-file reader refuses in a `.bin`, so a file that
//! passes one passes the other. Each is a bound on the memory or time a
//! crafted file can ask for, or on what a share token can record.
//!
//! The limits on one value stay with the code that reads it: a text's length
//! (`MAX_TEXT_LEN`, text.rs), an expression's size and depth (expr.rs) and
//! the JSON's nesting (json.rs).

/// The largest scenario file accepted, in bytes (JSON or packed).
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;
/// The most nodes a scenario may have.
pub const MAX_NODES: usize = 5_000;
/// The most choices at one node (share tokens store a choice as one base-36 digit).
pub const MAX_CHOICES: usize = 36;
/// The most outcomes one choice may have.
pub const MAX_OUTCOMES: usize = 64;
/// The most variables.
pub const MAX_VARIABLES: usize = 256;
/// The most flashpoints a scenario may declare (a share token records them as bits).
pub const MAX_FLASHPOINTS: usize = 32;
/// The most languages a packed guide may declare (a bound on the memory a
/// crafted file can ask for: each text slot holds one entry per language up
/// to the one loaded).
pub const MAX_LANGUAGES: usize = 64;
/// The largest width or height an image may give, in pixels (JPEG's and
/// WebP's largest side; a card's image is far smaller).
pub const MAX_IMAGE_SIDE: u32 = 65_535;
