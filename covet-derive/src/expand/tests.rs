//! Expansion snapshots: what `#[derive(Model)]` generates for representative models, pretty
//! printed. Review every change to a `.snap` file under `snapshots/` as a change to the code users
//! compile. Accept new snapshots with `INSTA_UPDATE=always cargo test -p covet-derive`.

use super::derive_model;
use syn::DeriveInput;

/// The expansion of `input`, pretty printed; panics (failing the test) on a derive error.
fn expand(input: &DeriveInput) -> String {
    let tokens = match derive_model(input) {
        Ok(tokens) => tokens,
        Err(e) => panic!("derive failed: {e}"),
    };
    let file: syn::File = syn::parse2(tokens).expect("the expansion parses as items");
    prettyplease::unparse(&file)
}

/// The messages of every error the derive reports for `input`.
fn errors(input: &DeriveInput) -> Vec<String> {
    match derive_model(input) {
        Ok(_) => Vec::new(),
        Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
    }
}

#[test]
fn representative_model() {
    let input: DeriveInput = syn::parse_quote! {
        /// An album.
        #[derive(Debug, Clone)]
        #[covet(table = "albums", index(artist_id, title), unique(catalog, released))]
        pub struct Album {
            #[covet(primary_key, auto_increment)]
            pub id: i64,
            #[covet(rename = "album_title", max_length = 160)]
            pub title: String,
            #[covet(unique, max_length = 40)]
            pub catalog: String,
            #[covet(default = "0")]
            pub plays: i32,
            #[covet(index)]
            pub released: Option<chrono::NaiveDate>,
            #[covet(references = Artist, on_delete = cascade)]
            pub artist_id: i64,
            #[covet(references = Label, on_delete = set_null, on_update = restrict)]
            pub label_id: Option<i64>,
            pub(crate) notes: Option<String>,
        }
    };
    insta::assert_snapshot!(expand(&input));
}

#[test]
fn composite_primary_key() {
    let input: DeriveInput = syn::parse_quote! {
        #[covet(table = "album_tags", renamed_from = "album_labels")]
        struct AlbumTag {
            #[covet(primary_key, references = Album, on_delete = cascade)]
            album_id: i64,
            #[covet(primary_key, max_length = 40, renamed_from = "label")]
            tag: String,
            weight: f64,
        }
    };
    insta::assert_snapshot!(expand(&input));
}

#[test]
fn self_reference_and_default_table_name() {
    let input: DeriveInput = syn::parse_quote! {
        pub struct MusicGenre {
            #[covet(primary_key, auto_increment)]
            pub id: i32,
            #[covet(references = Self, on_delete = set_null)]
            pub parent_id: Option<i32>,
            pub r#type: String,
        }
    };
    insta::assert_snapshot!(expand(&input));
}

#[test]
fn writes_model() {
    let input: DeriveInput = syn::parse_quote! {
        #[covet(table = "accounts")]
        pub struct Account {
            #[covet(primary_key, auto_increment)]
            pub id: i64,
            #[covet(min_length = 3, max_length = 40, pattern = "^[a-z0-9_]+$")]
            pub handle: String,
            #[covet(email, sensitive, validate = crate::rules::not_disposable)]
            pub email: Sensitive<String>,
            #[covet(min = 0, max = 150)]
            pub age: Option<i32>,
            #[covet(min = -1.5)]
            pub score: f64,
            #[covet(created_at)]
            pub created_at: chrono::DateTime<chrono::Utc>,
            #[covet(updated_at)]
            pub updated_at: chrono::NaiveDateTime,
            #[covet(version)]
            pub version: i64,
            #[covet(soft_delete)]
            pub deleted_at: Option<chrono::DateTime<chrono::Utc>>,
        }
    };
    insta::assert_snapshot!(expand(&input));
}

#[test]
fn every_write_mistake_is_reported_at_once() {
    let input: DeriveInput = syn::parse_quote! {
        struct Account {
            #[covet(primary_key, auto_increment, version)]
            id: i64,
            #[covet(min_length = 10, max_length = 5, pattern = "[a-")]
            handle: String,
            #[covet(min = 10, max = 1)]
            age: i32,
            #[covet(version)]
            v1: i64,
            #[covet(version)]
            v2: i64,
            #[covet(created_at, updated_at)]
            stamp: chrono::DateTime<chrono::Utc>,
            #[covet(soft_delete)]
            deleted_at: chrono::DateTime<chrono::Utc>,
            #[covet(updated_at)]
            touched: Option<chrono::NaiveDateTime>,
            #[covet(validate = "check_it", min = "3")]
            other: i32,
        }
    };
    let errors = errors(&input);
    let expected = [
        "only one field can be `version`, and `id` already is",
        "only one field can be `version`, and `id` already is",
        "only one field can be `updated_at`, and `stamp` already is",
        "`created_at` and `updated_at` cannot be on the same field",
        "`version` cannot be on a `primary_key` field",
        "`soft_delete` needs a nullable field",
        "`updated_at` is never NULL",
        "`max` is below `min`",
        "`min_length` is above `max_length`",
        "invalid regular expression in `pattern`: unclosed character class",
        "without quotes: `validate = check_it`",
        "`min` takes a number literal",
    ];
    for message in expected {
        assert!(
            errors.iter().any(|e| e.contains(message)),
            "missing {message:?} in {errors:#?}"
        );
    }
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
}

#[test]
fn every_mistake_is_reported_at_once() {
    let input: DeriveInput = syn::parse_quote! {
        #[covet(table = "bad;name", colour = "red")]
        struct Broken<T> {
            #[covet(auto_increment, unique, unique)]
            id: i64,
            #[covet(rename = "with space", on_delete = cascade, max_length = 0)]
            title: String,
            #[covet(rename = "id", default = "1; DROP TABLE x")]
            other: String,
            extra: T,
        }
    };
    let errors = errors(&input);
    let expected = [
        "unknown covet attribute `colour` on the struct",
        "duplicate `unique`",
        "does not support generic structs",
        "invalid table name \"bad;name\"",
        "invalid column name \"with space\"",
        "`auto_increment` needs `primary_key`",
        "column \"id\" is mapped by two fields",
        "`on_delete`/`on_update` need a foreign key",
        "`max_length` must be a whole number",
        "a default must be one SQL expression",
    ];
    for message in expected {
        assert!(
            errors.iter().any(|e| e.contains(message)),
            "missing {message:?} in {errors:#?}"
        );
    }
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
}

#[test]
fn error_count_equals_mistake_count() {
    let input: DeriveInput = syn::parse_quote! {
        #[covet(table = "albums", index(nope))]
        struct Album {
            #[covet(primary_key, auto_increment, nullable)]
            id: i64,
            #[covet(max_length = "160", rename = "x y")]
            title: String,
            #[covet(references = Artist, on_delete = destroy)]
            artist_id: i64,
        }
    };
    let error = derive_model(&input).expect_err("the derive reports errors");
    // index(nope), nullable, max_length = "160", rename = "x y", on_delete = destroy.
    assert_eq!(error.into_iter().count(), 5);
}

#[test]
fn one_error_per_mistake_without_cascades() {
    // A key written wrong is reported once: the key is still recorded, so there is no second
    // error saying the model has no primary key, and a quoted `references` still counts, so
    // `on_delete` is not reported as lacking a foreign key.
    let input: DeriveInput = syn::parse_quote! {
        struct Album {
            #[covet(primary_key = true)]
            id: i64,
            #[covet(references = "Artist", on_delete = cascade)]
            artist_id: i64,
        }
    };
    let errors = errors(&input);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0].contains("`primary_key` takes no value"),
        "{errors:#?}"
    );
    assert!(
        errors[1].contains("without quotes: `references = Artist`"),
        "{errors:#?}"
    );
}

#[test]
fn not_a_struct_is_one_error() {
    let input: DeriveInput = syn::parse_quote! {
        enum Album { Single, Double }
    };
    let errors = errors(&input);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains("works on structs with named fields"));
}

#[test]
fn a_valid_model_has_no_errors() {
    let input: DeriveInput = syn::parse_quote! {
        #[covet(table = "order")]
        struct Order {
            #[covet(primary_key, auto_increment, rename = "select")]
            id: i64,
            #[covet(rename = "from", max_length = 16383)]
            from: String,
        }
    };
    assert_eq!(errors(&input), Vec::<String>::new());
}

#[test]
fn raw_identifiers_do_not_panic() {
    let input: DeriveInput = syn::parse_quote! {
        struct r#match {
            #[covet(primary_key)]
            r#type: i64,
        }
    };
    let out = expand(&input);
    assert!(out.contains("struct Newmatch"), "{out}");
    assert!(out.contains("name: \"match\""), "{out}");
}

/// An album with one relation of each kind; `artist` is declared as `artist_ty`.
fn album_with_relations(artist_ty: syn::Type) -> DeriveInput {
    syn::parse_quote! {
        #[covet(table = "albums")]
        pub struct Album {
            #[covet(primary_key, auto_increment)]
            pub id: i64,
            #[covet(references = Artist)]
            pub artist_id: Option<i64>,
            #[covet(belongs_to(Artist, foreign_key = artist_id))]
            pub artist: #artist_ty,
            #[covet(has_many(Track, foreign_key = album_id))]
            pub tracks: HasMany<Track>,
            #[covet(many_to_many(Tag, through = AlbumTag, source = album_id, target = tag_id))]
            pub tags: ManyToMany<Tag>,
        }
    }
}

#[test]
fn relations() {
    // The field type is checked by name first: a belongs_to is loaded into a `BelongsTo`.
    let input = album_with_relations(syn::parse_quote!(HasMany<Artist>));
    assert_eq!(
        errors(&input),
        [
            "a `belongs_to` relation is loaded into a `BelongsTo` field\nhelp: declare the field as `BelongsTo<Artist>`"
        ]
    );
    let input = album_with_relations(syn::parse_quote!(BelongsTo<Artist>));
    insta::assert_snapshot!(expand(&input));
}
