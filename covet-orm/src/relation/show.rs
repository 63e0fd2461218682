//! `Debug` for the relation fields, printed as the derived `Debug` of `Option<Vec<T>>` /
//! `Option<Option<T>>` would, but reaching each target through `&dyn Debug`.
//!
//! Instantiating a model's `Debug` instantiates its targets' `Debug`, down the whole chain of
//! related models, and the compiler counts each nested use of one generic function (such as
//! `<&T as Debug>::fmt`, which `Option`'s and `Vec`'s own impls go through) against its
//! recursion limit. Going through `&dyn Debug` keeps that to one use per model, so a long
//! chain of models stays far below the limit.

use std::fmt::{self, Debug, Formatter};

/// `Some(..)` or `None`, like `Option`'s `Debug`.
pub(super) struct Opt<'a>(pub(super) Option<&'a dyn Debug>);

impl Debug for Opt<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(v) => f.debug_tuple("Some").field(v).finish(),
            None => f.write_str("None"),
        }
    }
}

/// `[a, b]`, like a slice's `Debug`.
pub(super) struct List<'a, T>(pub(super) &'a [T]);

impl<T: Debug> Debug for List<'_, T> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for t in self.0 {
            list.entry(t);
        }
        list.finish()
    }
}
