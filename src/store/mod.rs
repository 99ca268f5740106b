mod codec;
pub mod model;
mod pyjson;
