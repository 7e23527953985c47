//! What the widget and the CLI call: loading a guide ([`load`]), a reader's
//! run with its share tokens ([`guide`], [`save`]), what to show now
//! ([`view`]), a class's hand-in tally ([`tally`]), the typed contract with
//! the widget ([`contract`]) and the first card as plain HTML for a page to
//! carry, the pre-rendered card ([`prerender`]).

pub mod contract;
pub mod guide;
pub mod load;
pub mod prerender;
pub mod save;
pub mod tally;
pub mod view;
