//! Relations and eager loading in a few lines, on an embedded SQLite database.
//!
//! Run it with `cargo run --example relations_tour`.

use covet::prelude::*;

#[derive(Model, Debug, Clone)]
#[covet(table = "artists")]
struct Artist {
    #[covet(primary_key, auto_increment)]
    id: i64,
    #[covet(max_length = 120)]
    name: String,
    // Not a column: filled only when a query asks for it.
    #[covet(has_many(Album, foreign_key = artist_id))]
    albums: HasMany<Album>,
}

#[derive(Model, Debug, Clone)]
#[covet(table = "albums")]
struct Album {
    #[covet(primary_key, auto_increment)]
    id: i64,
    #[covet(references = Artist, on_delete = cascade)]
    artist_id: i64,
    #[covet(max_length = 160)]
    title: String,
    #[covet(belongs_to(Artist, foreign_key = artist_id))]
    artist: BelongsTo<Artist>,
    #[covet(has_many(Track, foreign_key = album_id))]
    tracks: HasMany<Track>,
    #[covet(many_to_many(Tag, through = AlbumTag, source = album_id, target = tag_id))]
    tags: ManyToMany<Tag>,
}

#[derive(Model, Debug, Clone)]
#[covet(table = "tracks")]
struct Track {
    #[covet(primary_key, auto_increment)]
    id: i64,
    #[covet(references = Album, on_delete = cascade)]
    album_id: i64,
    n: i32,
}

#[derive(Model, Debug, Clone)]
#[covet(table = "tags")]
struct Tag {
    #[covet(primary_key, max_length = 40)]
    name: String,
}

/// The join model: a composite key, and columns of its own if it likes.
#[derive(Model, Debug, Clone)]
#[covet(table = "album_tags")]
struct AlbumTag {
    #[covet(primary_key, references = Album, on_delete = cascade)]
    album_id: i64,
    #[covet(primary_key, references = Tag, max_length = 40)]
    tag_id: String,
    #[covet(default = "0")]
    weight: i32,
}

/// An employee's manager is an employee: self-references need nothing special.
#[derive(Model, Debug, Clone)]
#[covet(table = "employees")]
struct Employee {
    #[covet(primary_key, auto_increment)]
    id: i64,
    #[covet(references = Employee)]
    manager_id: Option<i64>,
    #[covet(belongs_to(Employee, foreign_key = manager_id))]
    manager: BelongsTo<Employee>,
    #[covet(has_many(Employee, foreign_key = manager_id))]
    reports: HasMany<Employee>,
}

#[tokio::main]
async fn main() -> covet::Result<()> {
    let db = Db::connect("sqlite::memory:").await?;
    covet::ddl::create_table::<Artist>(&db).await?;
    covet::ddl::create_table::<Album>(&db).await?;
    covet::ddl::create_table::<Track>(&db).await?;
    covet::ddl::create_table::<Tag>(&db).await?;
    covet::ddl::create_table::<AlbumTag>(&db).await?;
    covet::ddl::create_table::<Employee>(&db).await?;

    // Writes through relations: the foreign key comes from the parent.
    let acdc = Artist::insert(NewArtist {
        name: "AC/DC".into(),
    })
    .exec(&db)
    .await?;
    let album = Artist::ALBUMS
        .create(
            &acdc,
            NewAlbum {
                artist_id: 0,
                title: "Back in Black".into(),
            },
            &db,
        )
        .await?;
    for n in 1..=3 {
        Album::TRACKS
            .create(&album, NewTrack { album_id: 0, n }, &db)
            .await?;
    }
    let rock = Tag::insert(NewTag {
        name: "rock".into(),
    })
    .exec(&db)
    .await?;
    Album::TAGS.attach(&album, &rock, &db).await?;

    // Eager loading, any depth and breadth: 1 statement for the artists + 1 per relation
    // requested (here 4), whatever the number of rows.
    let before = db.statement_count();
    let artists = Artist::query()
        .with(
            Artist::ALBUMS
                .filter(Album::TITLE.like("%Black%"))
                .order_by(Album::TITLE.asc())
                .with(Album::TRACKS.order_by(Track::N.asc()))
                .with(Album::TAGS),
        )
        .all(&db)
        .await?;
    assert_eq!(db.statement_count() - before, 4);
    for artist in &artists {
        for album in artist.albums.get()? {
            println!(
                "{} - {}: {} tracks",
                artist.name,
                album.title,
                album.tracks.get()?.len()
            );
        }
    }

    // A relation that was not loaded is an error, never a hidden query.
    let plain = Album::query().first(&db).await?.expect("an album");
    assert!(plain.tracks.get().is_err_and(|e| e.is_not_loaded()));

    // Loading onto rows already fetched.
    let mut albums = Album::query().all(&db).await?;
    load(&mut albums, (Album::ARTIST, Album::TRACKS), &db).await?;
    assert_eq!(albums[0].artist.get()?.map(|a| a.id), Some(acdc.id));

    // Parents filtered by their relations: a correlated EXISTS.
    let with_rock = Artist::query()
        .filter(Artist::ALBUMS.any(Album::TAGS.any(Tag::NAME.eq("rock"))))
        .count(&db)
        .await?;
    assert_eq!(with_rock, 1);

    // Many-to-many links come and go.
    Album::TAGS.detach(&album, &rock, &db).await?;

    // Self-references: reports of reports.
    let boss = Employee::insert(NewEmployee { manager_id: None })
        .exec(&db)
        .await?;
    Employee::insert(NewEmployee {
        manager_id: Some(boss.id),
    })
    .exec(&db)
    .await?;
    let tree = Employee::query()
        .filter(Employee::MANAGER_ID.is_null())
        .with(Employee::REPORTS.with(Employee::MANAGER))
        .all(&db)
        .await?;
    let report = &tree[0].reports.get()?[0];
    assert_eq!(report.manager.get()?.map(|m| m.id), Some(boss.id));
    Ok(())
}
