//! What a guide is: the model, its text, its expressions, and loading with
//! validation.

pub mod expr;
pub mod decode;
pub mod json;
pub mod model;
pub mod text;
pub mod validate;
