//! Coordinate reference systems and measurement: transforms with `proj`, areas and
//! validity with `geo`. Everything is stored and measured in EPSG:25832.

mod crs;
mod norway;

pub use crs::{Crs, CrsError, Transformer};
pub use norway::{in_norway, NORWAY_LON_LAT};
