//! The fields loaded relations live in. Each starts out not loaded; reading one that was not
//! loaded is [`Error::NotLoaded`], never a query.

use super::erased::Erased;
use super::show::{List, Opt};
use crate::{Error, Result};
use std::fmt;

/// A model field that receives the targets of one relation.
#[diagnostic::on_unimplemented(
    message = "a `{Self}` field cannot hold targets of type `{T}`",
    label = "does not hold `{T}`",
    note = "a relation field's type names the relation's target: `HasMany<{T}>`, `HasOne<{T}>`, `BelongsTo<{T}>` or `ManyToMany<{T}>`"
)]
pub trait Slot<T>: Default + Send {
    /// Stores the targets found for this row, in query order.
    fn fill(&mut self, targets: Vec<T>);
}

fn not_loaded(relation: &'static str) -> Error {
    Error::NotLoaded { relation }
}

macro_rules! slot_common {
    ($name:ident, $show:expr) => {
        impl<T> Default for $name<T> {
            fn default() -> Self {
                Self {
                    loaded: Erased::empty(),
                }
            }
        }

        impl<T> $name<T> {
            /// Whether the relation was loaded.
            pub fn is_loaded(&self) -> bool {
                self.loaded.is_set()
            }
        }

        impl<T: Clone + Send + Sync + 'static> Clone for $name<T> {
            fn clone(&self) -> Self {
                Self {
                    loaded: self.loaded.clone(),
                }
            }
        }

        impl<T: fmt::Debug + 'static> fmt::Debug for $name<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let targets = self.loaded.get().map($show);
                let loaded = Opt(targets.as_ref().map(|t| t as &dyn fmt::Debug));
                f.debug_struct(stringify!($name))
                    .field("loaded", &loaded)
                    .finish()
            }
        }

        impl<T: PartialEq + 'static> PartialEq for $name<T> {
            fn eq(&self, other: &Self) -> bool {
                self.loaded == other.loaded
            }
        }
    };
}

/// The targets of a has_many relation: `artist.albums.get()?`.
pub struct HasMany<T> {
    loaded: Erased<Vec<T>>,
}
slot_common!(HasMany, |v: &Vec<T>| List(v));

impl<T: 'static> HasMany<T> {
    /// The loaded targets; [`Error::NotLoaded`] when the query did not load this relation.
    pub fn get(&self) -> Result<&[T]> {
        self.loaded
            .get()
            .map(Vec::as_slice)
            .ok_or_else(|| not_loaded("has_many"))
    }

    /// The loaded targets, taken out of the row (the relation is then not loaded again).
    pub fn take(&mut self) -> Result<Vec<T>> {
        self.loaded.take().ok_or_else(|| not_loaded("has_many"))
    }
}

impl<T: Send + Sync + 'static> Slot<T> for HasMany<T> {
    fn fill(&mut self, targets: Vec<T>) {
        self.loaded.set(targets);
    }
}

/// The targets of a many_to_many relation: `album.tags.get()?`.
pub struct ManyToMany<T> {
    loaded: Erased<Vec<T>>,
}
slot_common!(ManyToMany, |v: &Vec<T>| List(v));

impl<T: 'static> ManyToMany<T> {
    /// The loaded targets; [`Error::NotLoaded`] when the query did not load this relation.
    pub fn get(&self) -> Result<&[T]> {
        self.loaded
            .get()
            .map(Vec::as_slice)
            .ok_or_else(|| not_loaded("many_to_many"))
    }
}

impl<T: Send + Sync + 'static> Slot<T> for ManyToMany<T> {
    fn fill(&mut self, targets: Vec<T>) {
        self.loaded.set(targets);
    }
}

/// The target of a has_one relation, if there is one: `user.profile.get()?`.
pub struct HasOne<T> {
    loaded: Erased<Option<T>>,
}
slot_common!(HasOne, |v: &Option<T>| Opt(v
    .as_ref()
    .map(|t| t as &dyn fmt::Debug)));

impl<T: 'static> HasOne<T> {
    /// The loaded target (`None` when there is none); [`Error::NotLoaded`] when the query did
    /// not load this relation.
    pub fn get(&self) -> Result<Option<&T>> {
        self.loaded
            .get()
            .map(Option::as_ref)
            .ok_or_else(|| not_loaded("has_one"))
    }
}

impl<T: Send + Sync + 'static> Slot<T> for HasOne<T> {
    /// The first target in query order: order the relation to choose which.
    fn fill(&mut self, targets: Vec<T>) {
        self.loaded.set(targets.into_iter().next());
    }
}

/// The row a belongs_to relation points at (`None` for a NULL foreign key):
/// `album.artist.get()?`.
pub struct BelongsTo<T> {
    loaded: Erased<Option<T>>,
}
slot_common!(BelongsTo, |v: &Option<T>| Opt(v
    .as_ref()
    .map(|t| t as &dyn fmt::Debug)));

impl<T: 'static> BelongsTo<T> {
    /// The loaded target (`None` for a NULL foreign key); [`Error::NotLoaded`] when the query
    /// did not load this relation.
    pub fn get(&self) -> Result<Option<&T>> {
        self.loaded
            .get()
            .map(Option::as_ref)
            .ok_or_else(|| not_loaded("belongs_to"))
    }
}

impl<T: Send + Sync + 'static> Slot<T> for BelongsTo<T> {
    fn fill(&mut self, targets: Vec<T>) {
        self.loaded.set(targets.into_iter().next());
    }
}

/// The relations whose targets hold the foreign key: a target can be created for a parent.
#[diagnostic::on_unimplemented(
    message = "`create` inserts a target of a has_many or has_one relation, and this relation stores into `{Self}`",
    label = "not a has_many or has_one relation",
    note = "for a belongs_to, insert the target and set the foreign key; for a many_to_many, insert the target and `attach` it"
)]
pub trait Owns {}
impl<T> Owns for HasMany<T> {}
impl<T> Owns for HasOne<T> {}

/// The relations made of links in a join model: links can be attached and detached.
#[diagnostic::on_unimplemented(
    message = "`attach` and `detach` work on many_to_many relations, and this relation stores into `{Self}`",
    label = "not a many_to_many relation",
    note = "declare the relation with #[covet(many_to_many(Target, through = JoinModel, source = ..., target = ...))]"
)]
pub trait Links {}
impl<T> Links for ManyToMany<T> {}

#[cfg(test)]
mod tests {
    use super::*;

    // The slots printed, cloned and compared through `#[derive]` before their storage was
    // type-erased; models that derive these traits must see no difference.
    #[test]
    fn debug_clone_and_eq_are_those_of_the_derives() {
        let mut many = HasMany::<i32>::default();
        assert_eq!(format!("{many:?}"), "HasMany { loaded: None }");
        many.fill(vec![1, 2]);
        assert_eq!(format!("{many:?}"), "HasMany { loaded: Some([1, 2]) }");
        assert_eq!(
            format!("{many:#?}"),
            "HasMany {\n    loaded: Some(\n        [\n            1,\n            2,\n        ],\n    ),\n}"
        );
        let copy = many.clone();
        assert_eq!(copy, many);
        assert_ne!(copy, HasMany::default());
        assert_eq!(many.take().ok(), Some(vec![1, 2]));
        assert!(!many.is_loaded());
        assert_eq!(copy.get().ok(), Some(&[1, 2][..]));

        let mut one = BelongsTo::<String>::default();
        one.fill(Vec::new());
        assert_eq!(format!("{one:?}"), "BelongsTo { loaded: Some(None) }");
        assert_ne!(one, BelongsTo::default());
        one.fill(vec!["a".to_owned(), "b".to_owned()]);
        assert_eq!(
            format!("{one:?}"),
            r#"BelongsTo { loaded: Some(Some("a")) }"#
        );
        assert_eq!(
            one.clone().get().ok().flatten().map(String::as_str),
            Some("a")
        );
        assert!(matches!(
            HasOne::<u8>::default().get(),
            Err(Error::NotLoaded {
                relation: "has_one"
            })
        ));
    }
}
