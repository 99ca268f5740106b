//! GitHub redelivers: on a timeout, when someone presses "Redeliver", and sometimes twice for no
//! reason. A redelivery carries the same `X-GitHub-Delivery` id, so remembering recent ids is
//! enough to apply each delivery once.

use std::collections::{HashSet, VecDeque};

/// How many delivery ids are remembered: hours of traffic for one repository, a few hundred KiB.
pub const DEFAULT_CAPACITY: usize = 10_000;

/// The most recent delivery ids, forgetting the oldest first.
#[derive(Debug)]
pub struct RecentDeliveries {
    capacity: usize,
    seen: HashSet<String>,
    order: VecDeque<String>,
}

impl Default for RecentDeliveries {
    fn default() -> Self {
        Self::new(DEFAULT_CAPACITY)
    }
}

impl RecentDeliveries {
    /// Remembers up to `capacity` ids (at least one).
    pub fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        Self { capacity, seen: HashSet::new(), order: VecDeque::new() }
    }

    /// True the first time `id` is seen (and remembers it), false for a redelivery.
    pub fn first_time(&mut self, id: &str) -> bool {
        if self.seen.contains(id) {
            return false;
        }
        if self.order.len() == self.capacity
            && let Some(oldest) = self.order.pop_front()
        {
            self.seen.remove(&oldest);
        }
        self.seen.insert(id.to_owned());
        self.order.push_back(id.to_owned());
        true
    }

    /// Forgets `id`, so a redelivery of it is taken: for a delivery that was seen but could not
    /// be handled (the queue was full), which GitHub will send again with the same id.
    pub fn forget(&mut self, id: &str) {
        if self.seen.remove(id) {
            self.order.retain(|kept| kept != id);
        }
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_redelivery_is_seen_once() {
        let mut recent = RecentDeliveries::new(3);
        assert!(recent.first_time("a"));
        assert!(!recent.first_time("a"));
        assert!(recent.first_time("b"));
    }

    #[test]
    fn the_oldest_id_is_forgotten_first() {
        let mut recent = RecentDeliveries::new(2);
        for id in ["a", "b", "c"] {
            assert!(recent.first_time(id));
        }
        assert_eq!(recent.len(), 2);
        assert!(!recent.first_time("c"));
        assert!(!recent.first_time("b"));
        assert!(recent.first_time("a"), "the oldest id was dropped to make room");
    }

    #[test]
    fn a_forgotten_id_is_taken_again() {
        let mut recent = RecentDeliveries::new(2);
        assert!(recent.first_time("a"));
        recent.forget("a");
        assert!(recent.is_empty());
        assert!(recent.first_time("a"));
    }
}
