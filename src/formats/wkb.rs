//! Reading points, lines and polygons (single and multi) from Well-Known Binary (ISO and
//! PostGIS-style Z/M flags), the geometry encoding inside GeoPackage. Only x and y are kept.

use serde_json::{json, Value};

pub struct Wkb<'a> {
    bytes: &'a [u8],
    at: usize,
}

/// A ring, a polygon (rings) or a multipolygon, in GeoJSON coordinate arrays.
type Ring = Vec<[f64; 2]>;

impl<'a> Wkb<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, at: 0 }
    }

    /// The geometry as a GeoJSON object; `Err` names what was found instead.
    pub fn geojson(mut self) -> Result<Value, String> {
        let (kind, little, dims) = self.header()?;
        let (name, coordinates) = match kind {
            1 => ("Point", json!(self.point(little, dims)?)),
            2 => ("LineString", json!(self.points(little, dims)?)),
            3 => ("Polygon", json!(self.polygon(little, dims)?)),
            4..=6 => {
                let n = self.u32(little)?;
                let mut parts = Vec::with_capacity(n.min(10_000) as usize);
                for _ in 0..n {
                    let (k, l, d) = self.header()?;
                    parts.push(match (kind, k) {
                        (4, 1) => json!(self.point(l, d)?),
                        (5, 2) => json!(self.points(l, d)?),
                        (6, 3) => json!(self.polygon(l, d)?),
                        _ => return Err(format!("a multi-part geometry mixing in a {}", name(k))),
                    });
                }
                let name = match kind {
                    4 => "MultiPoint",
                    5 => "MultiLineString",
                    _ => "MultiPolygon",
                };
                (name, json!(parts))
            }
            k => return Err(format!("a {}", name(k))),
        };
        Ok(json!({"type": name, "coordinates": coordinates}))
    }

    fn point(&mut self, little: bool, dims: usize) -> Result<[f64; 2], String> {
        let x = self.f64(little)?;
        let y = self.f64(little)?;
        for _ in 2..dims {
            self.f64(little)?;
        }
        Ok([x, y])
    }

    fn points(&mut self, little: bool, dims: usize) -> Result<Ring, String> {
        let n = self.u32(little)?;
        let mut out = Vec::with_capacity(n.min(1_000_000) as usize);
        for _ in 0..n {
            out.push(self.point(little, dims)?);
        }
        Ok(out)
    }

    /// Byte order, base type (1–7) and coordinate count per point.
    fn header(&mut self) -> Result<(u32, bool, usize), String> {
        let little = match self.take(1)?[0] {
            0 => false,
            1 => true,
            b => return Err(format!("WKB with an unknown byte order marker {b}")),
        };
        let raw = self.u32(little)?;
        // PostGIS EWKB flags, then ISO codes (1000 Z, 2000 M, 3000 ZM)
        let (mut z, mut m) = (raw & 0x8000_0000 != 0, raw & 0x4000_0000 != 0);
        if raw & 0x2000_0000 != 0 {
            self.take(4)?; // an SRID we do not need: the file's table says it
        }
        let code = raw & 0x0fff_ffff;
        match code / 1000 {
            1 => z = true,
            2 => m = true,
            3 => (z, m) = (true, true),
            _ => {}
        }
        Ok((code % 1000, little, 2 + usize::from(z) + usize::from(m)))
    }

    fn polygon(&mut self, little: bool, dims: usize) -> Result<Vec<Ring>, String> {
        let rings = self.u32(little)?;
        let mut out = Vec::with_capacity(rings.min(10_000) as usize);
        for _ in 0..rings {
            out.push(self.points(little, dims)?);
        }
        Ok(out)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let Some(end) = end else {
            return Err("a geometry cut short (truncated WKB)".into());
        };
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn u32(&mut self, little: bool) -> Result<u32, String> {
        let b: [u8; 4] = self.take(4)?.try_into().map_err(|_| "truncated WKB")?;
        Ok(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    }

    fn f64(&mut self, little: bool) -> Result<f64, String> {
        let b: [u8; 8] = self.take(8)?.try_into().map_err(|_| "truncated WKB")?;
        Ok(if little {
            f64::from_le_bytes(b)
        } else {
            f64::from_be_bytes(b)
        })
    }
}

fn name(kind: u32) -> &'static str {
    match kind {
        1 => "point",
        2 => "line",
        3 => "polygon",
        7 => "geometry collection",
        _ => "geometry of an unknown type",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn polygon_le(z: bool) -> Vec<u8> {
        let mut b = vec![1u8];
        b.extend_from_slice(&(if z { 1003u32 } else { 3u32 }).to_le_bytes());
        b.extend_from_slice(&1u32.to_le_bytes());
        b.extend_from_slice(&4u32.to_le_bytes());
        for (x, y) in [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0), (0.0, 0.0)] {
            b.extend_from_slice(&f64::to_le_bytes(x));
            b.extend_from_slice(&f64::to_le_bytes(y));
            if z {
                b.extend_from_slice(&f64::to_le_bytes(250.0));
            }
        }
        b
    }

    #[test]
    fn reads_polygons_with_and_without_z() {
        for z in [false, true] {
            let g = Wkb::new(&polygon_le(z)).geojson().expect("polygon");
            assert_eq!(g["type"], "Polygon");
            assert_eq!(g["coordinates"][0][1], json!([10.0, 0.0]));
        }
    }

    #[test]
    fn reads_big_endian_multipolygons() {
        let mut b = vec![0u8];
        b.extend_from_slice(&6u32.to_be_bytes());
        b.extend_from_slice(&1u32.to_be_bytes());
        b.push(0);
        b.extend_from_slice(&3u32.to_be_bytes());
        b.extend_from_slice(&1u32.to_be_bytes());
        b.extend_from_slice(&3u32.to_be_bytes());
        for v in [1.0f64, 2.0, 3.0, 4.0, 1.0, 2.0] {
            b.extend_from_slice(&v.to_be_bytes());
        }
        let g = Wkb::new(&b).geojson().expect("multipolygon");
        assert_eq!(g["coordinates"][0][0][1], json!([3.0, 4.0]));
    }

    #[test]
    fn reads_points_and_refuses_collections_and_truncated_data() {
        let mut point = vec![1u8];
        point.extend_from_slice(&1u32.to_le_bytes());
        point.extend_from_slice(&[0u8; 16]);
        assert_eq!(Wkb::new(&point).geojson().expect("point")["type"], "Point");
        let mut collection = vec![1u8];
        collection.extend_from_slice(&7u32.to_le_bytes());
        collection.extend_from_slice(&0u32.to_le_bytes());
        assert_eq!(
            Wkb::new(&collection).geojson().expect_err("refused"),
            "a geometry collection"
        );
        let cut = polygon_le(false);
        assert!(Wkb::new(&cut[..cut.len() - 3])
            .geojson()
            .expect_err("refused")
            .contains("truncated"));
    }
}
