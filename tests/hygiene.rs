//! The derive's output is hygienic and lint-clean. These are compile-time tests: each module
//! compiling (without warnings, under `deny`) is the test; the runtime assertions only check
//! that the models are the ones derived.

/// Every name the generated code could lean on is shadowed here by something else, so the
/// expansion compiles only if it names everything by full path.
#[allow(
    dead_code,
    unused_imports,
    non_camel_case_types,
    reason = "the point is to shadow the prelude with things that are never used"
)]
mod shadowed {
    use ::covet::Model;

    type Result = ();
    type Option = ();
    type Vec = ();
    type String = ();
    type Box = ();
    type Clone = ();
    type Debug = ();
    type PartialEq = ();
    type Send = ();
    type Sized = ();
    struct Ok;
    struct Err;
    struct Some;
    struct None;
    mod core {}
    mod std {}
    mod covet {}
    fn from_row() {}
    fn into_value() {}
    fn decode() {}
    const SCHEMA: () = ();

    #[derive(Model)]
    #[covet(table = "shadowed_albums", index(title, year))]
    pub(crate) struct Album {
        #[covet(primary_key, auto_increment)]
        pub(crate) id: i64,
        #[covet(max_length = 100, unique)]
        pub(crate) title: ::std::string::String,
        pub(crate) year: ::core::option::Option<i32>,
        #[covet(references = Artist, on_delete = cascade)]
        pub(crate) artist_id: i64,
        #[covet(references = Self, on_delete = set_null)]
        pub(crate) previous_id: ::core::option::Option<i64>,
        pub(crate) cover: ::core::option::Option<::std::vec::Vec<u8>>,
    }

    #[derive(Model)]
    #[covet(table = "shadowed_artists")]
    pub(crate) struct Artist {
        #[covet(primary_key, auto_increment)]
        pub(crate) id: i64,
    }

    #[derive(Model)]
    #[covet(table = "shadowed_credits")]
    pub(crate) struct Credit {
        #[covet(primary_key, references = Album)]
        pub(crate) album_id: i64,
        #[covet(primary_key, max_length = 20)]
        pub(crate) role: ::std::string::String,
    }

    /// Every writes attribute, under the same shadowing.
    pub(crate) fn no_spaces(v: &str) -> ::core::result::Result<(), &'static str> {
        if v.contains(' ') {
            ::core::result::Result::Err("has a space")
        } else {
            ::core::result::Result::Ok(())
        }
    }

    #[derive(Model)]
    #[covet(table = "shadowed_accounts")]
    pub(crate) struct Account {
        #[covet(primary_key, auto_increment)]
        pub(crate) id: i64,
        #[covet(min_length = 3, max_length = 20, pattern = "^[a-z]+$", email, validate = no_spaces)]
        pub(crate) handle: ::std::string::String,
        #[covet(min = -1, max = 2.5)]
        pub(crate) score: ::core::option::Option<f64>,
        #[covet(sensitive)]
        pub(crate) secret: ::covet::Sensitive<::std::string::String>,
        #[covet(version)]
        pub(crate) version: i32,
        #[covet(created_at)]
        pub(crate) created_at: ::chrono::DateTime<::chrono::Utc>,
        #[covet(updated_at)]
        pub(crate) updated_at: ::chrono::NaiveDateTime,
        #[covet(soft_delete)]
        pub(crate) deleted_at: ::core::option::Option<::chrono::NaiveDateTime>,
    }

    /// Every relation kind, under the same shadowing.
    #[derive(Model)]
    #[covet(table = "shadowed_shelves")]
    pub(crate) struct Shelf {
        #[covet(primary_key, auto_increment)]
        pub(crate) id: i64,
        #[covet(references = Self)]
        pub(crate) parent_id: ::core::option::Option<i64>,
        #[covet(belongs_to(Self, foreign_key = parent_id))]
        pub(crate) parent: ::covet::BelongsTo<Shelf>,
        #[covet(has_many(Book, foreign_key = shelf_id))]
        pub(crate) books: ::covet::HasMany<Book>,
        #[covet(has_one(Book, foreign_key = shelf_id))]
        pub(crate) first_book: ::covet::HasOne<Book>,
        #[covet(many_to_many(Artist, through = ShelfArtist, source = shelf_id, target = artist_id))]
        pub(crate) artists: ::covet::ManyToMany<Artist>,
    }

    #[derive(Model)]
    #[covet(table = "shadowed_books")]
    pub(crate) struct Book {
        #[covet(primary_key, auto_increment)]
        pub(crate) id: i64,
        #[covet(references = Shelf)]
        pub(crate) shelf_id: i64,
        #[covet(belongs_to(Shelf, foreign_key = shelf_id))]
        pub(crate) shelf: ::covet::BelongsTo<Shelf>,
    }

    #[derive(Model)]
    #[covet(table = "shadowed_shelf_artists")]
    pub(crate) struct ShelfArtist {
        #[covet(primary_key, references = Shelf)]
        pub(crate) shelf_id: i64,
        #[covet(primary_key, references = Artist)]
        pub(crate) artist_id: i64,
    }

    #[test]
    fn compiles_with_the_prelude_shadowed() {
        ::core::assert_eq!(<Account as ::covet::Model>::SCHEMA.checks.len(), 2);
        ::core::assert_eq!(<Album as ::covet::Model>::SCHEMA.name, "shadowed_albums");
        ::core::assert_eq!(Shelf::BOOKS.name(), "books");
        ::core::assert_eq!(<Shelf as ::covet::Model>::SCHEMA.columns.len(), 2);
        ::core::assert_eq!(
            <Credit as ::covet::Model>::SCHEMA.primary_key,
            ["album_id", "role"]
        );
        ::core::assert_eq!(<Artist as ::covet::Model>::SCHEMA.columns.len(), 1);
    }
}

/// Lints that would catch sloppy generated code, denied. `missing_docs` only looks at items
/// reachable from outside the crate, which nothing in a test binary is; the expansion
/// snapshots (covet-derive/src/expand/snapshots) show every generated public item documented.
#[deny(
    warnings,
    missing_docs,
    missing_debug_implementations,
    unused,
    unused_qualifications,
    unused_results,
    nonstandard_style,
    rust_2018_idioms,
    trivial_casts,
    trivial_numeric_casts,
    unsafe_code,
    clippy::all,
    clippy::pedantic
)]
mod strict {
    use covet::Model;

    /// An album.
    #[derive(Model, Debug, Clone, PartialEq)]
    #[covet(table = "strict_albums", unique(artist_id, title))]
    pub(crate) struct Album {
        /// The key.
        #[covet(primary_key, auto_increment)]
        pub(crate) id: i64,
        /// The title.
        #[covet(max_length = 160)]
        pub(crate) title: String,
        /// The year it came out, when known.
        #[covet(index)]
        pub(crate) year: Option<i32>,
        /// Who made it.
        #[covet(references = Artist, on_delete = cascade)]
        pub(crate) artist_id: i64,
    }

    /// An artist.
    #[derive(Model, Debug, Clone, PartialEq)]
    #[covet(table = "strict_artists")]
    pub(crate) struct Artist {
        /// The key.
        #[covet(primary_key)]
        pub(crate) id: i64,
        /// The name.
        pub(crate) name: String,
    }

    /// A rule.
    pub(crate) fn not_empty(v: &str) -> Result<(), &'static str> {
        if v.is_empty() {
            Err("is empty")
        } else {
            Ok(())
        }
    }

    /// Every writes attribute.
    #[derive(Model, Debug, Clone, PartialEq)]
    #[covet(table = "strict_accounts")]
    pub(crate) struct Account {
        /// The key.
        #[covet(primary_key, auto_increment)]
        pub(crate) id: i64,
        /// The handle.
        #[covet(min_length = 3, max_length = 20, pattern = "^[a-z]+$", email, validate = not_empty)]
        pub(crate) handle: String,
        /// A score.
        #[covet(min = -1, max = 2.5)]
        pub(crate) score: Option<f64>,
        /// A secret.
        #[covet(sensitive)]
        pub(crate) secret: covet::Sensitive<String>,
        /// The version.
        #[covet(version)]
        pub(crate) version: i32,
        /// Created.
        #[covet(created_at)]
        pub(crate) created_at: chrono::DateTime<chrono::Utc>,
        /// Updated.
        #[covet(updated_at)]
        pub(crate) updated_at: chrono::NaiveDateTime,
        /// Deleted.
        #[covet(soft_delete)]
        pub(crate) deleted_at: Option<chrono::DateTime<chrono::Utc>>,
    }

    #[test]
    fn compiles_without_warnings() {
        assert_eq!(<Account as Model>::SENSITIVE, ["secret"]);
        assert_eq!(<Album as Model>::SCHEMA.name, "strict_albums");
        assert_eq!(<Artist as Model>::SCHEMA.name, "strict_artists");
    }
}

/// Models written by a `macro_rules!`: a `$x:literal` reaches the derive inside an invisible
/// group, and must read as the literal it is.
mod from_a_macro {
    use covet::Model as _;

    macro_rules! model {
        ($name:ident, $table:literal, $len:literal) => {
            #[derive(covet::Model, Debug, Clone, PartialEq)]
            #[covet(table = $table)]
            pub(crate) struct $name {
                #[covet(primary_key, auto_increment)]
                pub(crate) id: i64,
                #[covet(max_length = $len)]
                pub(crate) name: String,
            }
        };
    }
    model!(Made, "macro_made", 42);

    #[test]
    fn literals_from_a_macro_are_read() {
        assert_eq!(<Made as covet::Model>::SCHEMA.name, "macro_made");
        assert_eq!(Made::SCHEMA.columns[1].max_length, Some(42));
    }
}
