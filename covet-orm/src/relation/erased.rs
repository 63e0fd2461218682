//! The storage behind the relation fields: the loaded value behind `dyn Any`.
//!
//! A slot that owned its targets (`Vec<T>`, `Box<T>`) would make every model's `Send`, `Sync`
//! and `Unpin` depend on the models it relates to, so the compiler would walk the whole chain
//! of related models and overflow its recursion limit on a long schema. Behind
//! `dyn Any + Send + Sync` the auto traits hold without looking at `V`, and
//! `PhantomData<fn() -> V>` keeps the type without owning a `V`.

use std::any::Any;
use std::marker::PhantomData;

/// A `V` or nothing; only ever holds a `V` (set by [`Erased::set`]), so reading it back as `V`
/// always succeeds.
pub(super) struct Erased<V> {
    value: Option<Box<dyn Any + Send + Sync>>,
    ty: PhantomData<fn() -> V>,
}

impl<V> Erased<V> {
    pub(super) fn empty() -> Self {
        Self {
            value: None,
            ty: PhantomData,
        }
    }

    pub(super) fn is_set(&self) -> bool {
        self.value.is_some()
    }
}

impl<V: Send + Sync + 'static> Erased<V> {
    pub(super) fn set(&mut self, value: V) {
        self.value = Some(Box::new(value));
    }
}

impl<V: 'static> Erased<V> {
    /// The value; `None` when not set (the downcast cannot fail: only `set` stores).
    pub(super) fn get(&self) -> Option<&V> {
        self.value.as_deref()?.downcast_ref()
    }

    /// Takes the value out, leaving it not set.
    pub(super) fn take(&mut self) -> Option<V> {
        self.value.take()?.downcast().ok().map(|v| *v)
    }
}

impl<V: Clone + Send + Sync + 'static> Clone for Erased<V> {
    fn clone(&self) -> Self {
        let mut copy = Self::empty();
        if let Some(v) = self.get() {
            copy.set(v.clone());
        }
        copy
    }
}

impl<V: PartialEq + 'static> PartialEq for Erased<V> {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}
