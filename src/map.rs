//! `VecMap`: a map kept as one vector sorted by key.
//!
//! Spindle's maps are small and written once (exports, the linker's
//! definitions, function names, an in-memory directory), then read by
//! binary search. A sorted vector serves them with a few hundred bytes of
//! code per key type, where `BTreeMap` brings node splitting, merging and
//! its own drop glue for each: several KB of flash on a microcontroller
//! (issue 5's budget), for no speed the engine needs. Iteration is in key
//! order, as with `BTreeMap`.

use alloc::vec::Vec;
use core::borrow::Borrow;
use core::cmp::Ordering;

/// A map from `K` to `V`, sorted by `K`. Insertion and removal are linear
/// in its length; lookup is logarithmic.
#[derive(Clone, Debug)]
pub struct VecMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        VecMap {
            entries: Vec::new(),
        }
    }
}

impl<K: Ord, V> VecMap<K, V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Where the key that `order` compares as equal is (`Ok`), or where it
    /// would go (`Err`). `order` compares an entry's key with the key sought.
    fn search_by(&self, mut order: impl FnMut(&K) -> Ordering) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| order(k))
    }

    fn search<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.search_by(|k| k.borrow().cmp(key))
    }

    /// The value of the key that `order` finds (see [`Self::search_by`]):
    /// for keys that cannot be borrowed as one value, such as pairs.
    pub fn get_by(&self, order: impl FnMut(&K) -> Ordering) -> Option<&V> {
        let i = self.search_by(order).ok()?;
        Some(&self.entries[i].1)
    }

    /// The value for `key`.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        let i = self.search(key).ok()?;
        Some(&self.entries[i].1)
    }

    /// Whether `key` has a value.
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.search(key).is_ok()
    }

    /// Sets `key` to `value`, returning the value it replaces.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.search(&key) {
            Ok(i) => Some(core::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    /// Removes `key`, returning its value.
    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let i = self.search(key).ok()?;
        Some(self.entries.remove(i).1)
    }
}

impl<K, V> VecMap<K, V> {
    /// The number of keys.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.entries.iter().map(|(k, _)| k)
    }
}

impl<'a, K, V> IntoIterator for &'a VecMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter =
        core::iter::Map<core::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

#[cfg(test)]
mod tests {
    use super::VecMap;
    use alloc::string::{String, ToString};
    use alloc::vec::Vec;

    #[test]
    fn keys_stay_sorted_and_unique_through_inserts_and_removals() {
        let mut m = VecMap::new();
        for (i, k) in ["m", "c", "x", "a", "c"].iter().enumerate() {
            m.insert(k.to_string(), i);
        }
        assert_eq!(m.len(), 4);
        assert_eq!(
            m.keys().map(String::as_str).collect::<Vec<_>>(),
            ["a", "c", "m", "x"]
        );
        assert_eq!(m.get("c"), Some(&4), "a second insert replaces the value");
        assert_eq!(m.insert("a".to_string(), 9), Some(3));
        assert_eq!(m.remove("m"), Some(0));
        assert_eq!(m.remove("m"), None);
        assert!(!m.contains_key("m"));
        assert_eq!(m.get("zz"), None);
        let pairs: Vec<_> = (&m).into_iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(pairs, [("a", 9), ("c", 4), ("x", 2)]);
    }

    #[test]
    fn pairs_are_found_by_a_comparison_without_building_a_key() {
        let mut m = VecMap::new();
        m.insert(("env".to_string(), "f".to_string()), 1);
        m.insert(("env".to_string(), "a".to_string()), 2);
        m.insert(("abc".to_string(), "z".to_string()), 3);
        let find = |module: &str, name: &str| {
            m.get_by(|(a, b)| (a.as_str(), b.as_str()).cmp(&(module, name)))
                .copied()
        };
        assert_eq!(find("env", "a"), Some(2));
        assert_eq!(find("abc", "z"), Some(3));
        assert_eq!(find("env", "z"), None);
        assert_eq!(find("", ""), None);
    }
}
