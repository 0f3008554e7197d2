//! The event queue: a binary heap ordered by (time, sequence number).
//!
//! The sequence number makes events scheduled for the same virtual time come out in the
//! order they were scheduled (first in, first out), whatever the heap's internal order;
//! that is what makes runs reproducible.

use hotsim_policies::VTime;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// What happens at an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Event {
    /// A common item arrives at source `i`'s ring.
    Arrival(usize),
    /// An item of rare kind `k` (1-based) arrives at source `i`'s ring.
    Rare(usize, u8),
    /// Timer `i` is due.
    Timer(usize),
}

/// A deterministic priority queue of events.
#[derive(Debug, Default)]
pub struct EventQueue {
    heap: BinaryHeap<Reverse<(VTime, u64, Event)>>,
    seq: u64,
}

impl EventQueue {
    /// Schedule `event` at `time`.
    pub fn push(&mut self, time: VTime, event: Event) {
        self.heap.push(Reverse((time, self.seq, event)));
        self.seq += 1;
    }

    /// The time of the earliest event.
    pub fn peek_time(&self) -> Option<VTime> {
        self.heap.peek().map(|Reverse((t, _, _))| *t)
    }

    /// The earliest time of an event that `keep` selects.
    pub fn earliest(&self, mut keep: impl FnMut(&Event) -> bool) -> Option<VTime> {
        self.heap
            .iter()
            .filter(|Reverse((_, _, e))| keep(e))
            .map(|Reverse((t, _, _))| *t)
            .min()
    }

    /// Remove every event that `drop` selects.
    pub fn remove(&mut self, mut drop: impl FnMut(&Event) -> bool) {
        self.heap.retain(|Reverse((_, _, e))| !drop(e));
    }

    /// Remove and return the earliest event if it is due at or before `now`.
    pub fn pop_due(&mut self, now: VTime) -> Option<(VTime, Event)> {
        if self.peek_time()? <= now {
            self.heap.pop().map(|Reverse((t, _, e))| (t, e))
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_time_events_come_out_first_in_first_out() {
        let mut q = EventQueue::default();
        q.push(VTime(10), Event::Timer(3));
        q.push(VTime(5), Event::Arrival(9));
        q.push(VTime(10), Event::Arrival(0));
        q.push(VTime(10), Event::Timer(1));
        let out: Vec<_> = std::iter::from_fn(|| q.pop_due(VTime(10))).collect();
        assert_eq!(
            out,
            vec![
                (VTime(5), Event::Arrival(9)),
                (VTime(10), Event::Timer(3)),
                (VTime(10), Event::Arrival(0)),
                (VTime(10), Event::Timer(1)),
            ]
        );
    }

    #[test]
    fn nothing_before_its_time() {
        let mut q = EventQueue::default();
        q.push(VTime(10), Event::Timer(0));
        assert_eq!(q.pop_due(VTime(9)), None);
        assert_eq!(q.peek_time(), Some(VTime(10)));
    }
}
