//! Relations and eager loading: every kind (belongs_to, has_many, has_one, many_to_many through
//! a join model with its own column and a composite key, self-references), nested loads with
//! an exact statement count, relation filters, `load`, `any`, and writes through relations.

mod edges;
mod kinds;
mod long_chain;
mod nested;
mod queries;
mod scale;
mod sql;
mod writes;

use chrono::{DateTime, Utc};
use covet::prelude::*;
use uuid::Uuid;

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "rel_labels")]
pub(crate) struct Label {
    #[covet(primary_key, max_length = 40)]
    pub(crate) code: String,
    pub(crate) name: String,
    #[covet(has_many(Artist, foreign_key = label_code))]
    pub(crate) artists: HasMany<Artist>,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "rel_artists")]
pub(crate) struct Artist {
    #[covet(primary_key, auto_increment)]
    pub(crate) id: i64,
    #[covet(max_length = 100)]
    pub(crate) name: String,
    #[covet(references = Label, max_length = 40)]
    pub(crate) label_code: Option<String>,
    #[covet(belongs_to(Label, foreign_key = label_code))]
    pub(crate) label: BelongsTo<Label>,
    #[covet(has_many(Album, foreign_key = artist_id))]
    pub(crate) albums: HasMany<Album>,
    #[covet(has_one(Biography, foreign_key = artist_ref))]
    pub(crate) biography: HasOne<Biography>,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "rel_albums", index(artist_id, title))]
pub(crate) struct Album {
    #[covet(primary_key, auto_increment)]
    pub(crate) id: i64,
    #[covet(references = Artist, on_delete = cascade)]
    pub(crate) artist_id: i64,
    #[covet(max_length = 100)]
    pub(crate) title: String,
    pub(crate) year: i32,
    #[covet(soft_delete)]
    pub(crate) deleted_at: Option<DateTime<Utc>>,
    #[covet(belongs_to(Artist, foreign_key = artist_id))]
    pub(crate) artist: BelongsTo<Artist>,
    #[covet(has_many(Track, foreign_key = album_id))]
    pub(crate) tracks: HasMany<Track>,
    #[covet(many_to_many(Tag, through = AlbumTag, source = album_id, target = tag_id))]
    pub(crate) tags: ManyToMany<Tag>,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "rel_tracks")]
pub(crate) struct Track {
    #[covet(primary_key, auto_increment)]
    pub(crate) id: i64,
    #[covet(references = Album, on_delete = cascade, index)]
    pub(crate) album_id: i64,
    pub(crate) n: i32,
    #[covet(max_length = 100)]
    pub(crate) title: String,
    #[covet(belongs_to(Album, foreign_key = album_id))]
    pub(crate) album: BelongsTo<Album>,
}

/// A has_one target with a UUID key of its own and a foreign key of another name.
#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "rel_biographies")]
pub(crate) struct Biography {
    #[covet(primary_key)]
    pub(crate) id: Uuid,
    #[covet(references = Artist, unique)]
    pub(crate) artist_ref: i64,
    pub(crate) text: String,
}

/// Tags have UUID keys, so many-to-many loads match UUIDs.
#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "rel_tags")]
pub(crate) struct Tag {
    #[covet(primary_key)]
    pub(crate) id: Uuid,
    #[covet(max_length = 40)]
    pub(crate) name: String,
    #[covet(many_to_many(Album, through = AlbumTag, source = tag_id, target = album_id))]
    pub(crate) albums: ManyToMany<Album>,
}

/// The join model: a composite key and a column of its own.
#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "rel_album_tags")]
pub(crate) struct AlbumTag {
    #[covet(primary_key, references = Album, on_delete = cascade)]
    pub(crate) album_id: i64,
    #[covet(primary_key, references = Tag, on_delete = cascade)]
    pub(crate) tag_id: Uuid,
    #[covet(default = "1")]
    pub(crate) weight: i32,
}

/// Self-reference: an employee's manager and reports.
#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "rel_employees")]
pub(crate) struct Employee {
    #[covet(primary_key, auto_increment)]
    pub(crate) id: i64,
    #[covet(max_length = 60)]
    pub(crate) name: String,
    #[covet(references = Employee)]
    pub(crate) boss: Option<i64>,
    #[covet(belongs_to(Employee, foreign_key = boss))]
    pub(crate) manager: BelongsTo<Employee>,
    #[covet(has_many(Self, foreign_key = boss))]
    pub(crate) reports: HasMany<Employee>,
}

/// Self-reference with text keys: a category tree.
#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "rel_categories")]
pub(crate) struct Category {
    #[covet(primary_key, max_length = 40)]
    pub(crate) slug: String,
    #[covet(references = Category, max_length = 40)]
    pub(crate) parent_slug: Option<String>,
    #[covet(belongs_to(Category, foreign_key = parent_slug))]
    pub(crate) parent: BelongsTo<Category>,
    #[covet(has_many(Category, foreign_key = parent_slug))]
    pub(crate) children: HasMany<Category>,
}

/// Creates every table of the music models.
pub(crate) async fn music_schema(db: &Db) -> covet::Result<()> {
    covet::ddl::create_table::<Label>(db).await?;
    covet::ddl::create_table::<Artist>(db).await?;
    covet::ddl::create_table::<Album>(db).await?;
    covet::ddl::create_table::<Track>(db).await?;
    covet::ddl::create_table::<Biography>(db).await?;
    covet::ddl::create_table::<Tag>(db).await?;
    covet::ddl::create_table::<AlbumTag>(db).await?;
    Ok(())
}

pub(crate) fn new_artist(name: &str, label: Option<&str>) -> NewArtist {
    NewArtist {
        name: name.to_owned(),
        label_code: label.map(str::to_owned),
    }
}

pub(crate) fn new_album(artist_id: i64, title: &str, year: i32) -> NewAlbum {
    NewAlbum {
        artist_id,
        title: title.to_owned(),
        year,
    }
}

pub(crate) fn new_track(album_id: i64, n: i32) -> NewTrack {
    NewTrack {
        album_id,
        n,
        title: format!("track {n}"),
    }
}

/// How many statements `f` ran on `db`.
pub(crate) async fn counted<T>(
    db: &Db,
    f: impl std::future::Future<Output = covet::Result<T>>,
) -> covet::Result<(T, u64)> {
    let before = db.statement_count();
    let out = f.await?;
    Ok((out, db.statement_count() - before))
}
