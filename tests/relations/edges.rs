//! Edges: empty parent sets, relations not loaded, soft-deleted targets, large link sets.

use super::kinds::small_catalogue;
use super::*;

on_every_backend! {
    async fn an_empty_parent_set_runs_no_child_query(db: Db) {
        small_catalogue(&db).await?;
        let (none, n) = counted(&db, Artist::query()
            .filter(Artist::NAME.eq("nobody"))
            .with(Artist::ALBUMS.with(Album::TRACKS).with(Album::TAGS))
            .with(Artist::LABEL)
            .all(&db)).await?;
        assert!(none.is_empty());
        assert_eq!(n, 1, "only the parents' query");
        // `load` on no rows sends nothing at all.
        let mut empty: Vec<Artist> = Vec::new();
        let ((), n) = counted(&db, load(&mut empty, Artist::ALBUMS, &db)).await?;
        assert_eq!(n, 0);
        // Parents whose foreign keys are all NULL: no key, so no query, and every slot loaded
        // as empty.
        let mut unsigned = Artist::query().filter(Artist::LABEL_CODE.is_null()).all(&db).await?;
        assert_eq!(unsigned.len(), 1);
        let ((), n) = counted(&db, load(&mut unsigned, Artist::LABEL, &db)).await?;
        assert_eq!(n, 0);
        assert!(matches!(unsigned[0].label.get(), Ok(None)));
        Ok(())
    }
}

on_every_backend! {
    async fn a_relation_not_loaded_is_an_error_and_never_a_query(db: Db) {
        small_catalogue(&db).await?;
        let (artists, n) = counted(&db, Artist::query().with(Artist::LABEL).all(&db)).await?;
        assert_eq!(n, 2);
        let before = db.statement_count();
        for a in &artists {
            let err = a.albums.get().expect_err("albums were not loaded");
            assert!(err.is_not_loaded(), "{err}");
            assert_eq!(err.class(), "not_loaded");
            assert!(err.to_string().contains(".with("), "the message says how to load it: {err}");
            assert!(a.biography.get().is_err_and(|e| e.is_not_loaded()));
            assert!(!a.albums.is_loaded());
            assert!(a.label.is_loaded());
        }
        // A plain query loads nothing either.
        let plain = Album::query().all(&db).await?;
        assert!(plain.iter().all(|al| al.artist.get().is_err() && al.tracks.get().is_err() && al.tags.get().is_err()));
        assert_eq!(db.statement_count(), before + 1, "reading relations sent nothing");
        Ok(())
    }
}

on_every_backend! {
    async fn soft_deleted_children_are_not_loaded(db: Db) {
        small_catalogue(&db).await?;
        let floyd = Artist::query().filter(Artist::NAME.eq("Pink Floyd")).one(&db).await?;
        let albums = Album::query().filter(Album::ARTIST_ID.eq(floyd.id)).order_by(Album::ID.asc()).all(&db).await?;
        assert_eq!(albums.len(), 3);
        albums[1].delete(&db).await?;
        let loaded = Artist::query().filter(Artist::ID.eq(floyd.id))
            .with(Artist::ALBUMS.order_by(Album::ID.asc())).one(&db).await?;
        let ids: Vec<i64> = loaded.albums.get()?.iter().map(|a| a.id).collect();
        assert_eq!(ids, vec![albums[0].id, albums[2].id]);
        // Nor reached through a many-to-many, nor counted by `any`.
        let tags = Tag::query().with(Tag::ALBUMS).all(&db).await?;
        assert!(tags.iter().flat_map(|t| t.albums.get().unwrap_or_default()).all(|a| a.id != albums[1].id));
        let with_deleted_only = Artist::query()
            .filter(Artist::ALBUMS.any(Album::ID.eq(albums[1].id)))
            .count(&db).await?;
        assert_eq!(with_deleted_only, 0);
        Ok(())
    }
}

on_every_backend! {
    async fn many_to_many_with_eight_thousand_links(db: Db) {
        music_schema(&db).await?;
        let artist = Artist::insert(new_artist("prolific", None)).exec(&db).await?;
        let albums = Album::insert_many((0..400).map(|i| new_album(artist.id, &format!("a{i}"), 2000))).exec(&db).await?;
        let tags = Tag::insert_many((0..25_u128).map(|i| NewTag { id: Uuid::from_u128(0xabc0_0000 + i), name: format!("t{i}") })).exec(&db).await?;
        // 400 albums × 21 tags = 8,400 links.
        let links: Vec<NewAlbumTag> = albums.iter().enumerate().flat_map(|(i, al)| {
            tags.iter().skip(i % 5).take(21).map(move |t| NewAlbumTag { album_id: al.id, tag_id: t.id, weight: 1 })
        }).collect();
        assert_eq!(links.len(), 8_400);
        AlbumTag::insert_many(links).exec(&db).await?;
        let (loaded, n) = counted(&db, Album::query().with(Album::TAGS).with(Album::ARTIST).all(&db)).await?;
        assert_eq!(n, 3);
        let total: usize = loaded.iter().map(|a| a.tags.get().map(<[_]>::len).unwrap_or(0)).sum();
        assert_eq!(total, 8_400);
        for (i, al) in loaded.iter().enumerate() {
            let mut got: Vec<Uuid> = al.tags.get()?.iter().map(|t| t.id).collect();
            got.sort_unstable();
            let mut want: Vec<Uuid> = tags.iter().skip(i % 5).take(21).map(|t| t.id).collect();
            want.sort_unstable();
            assert_eq!(got, want);
        }
        // And from the other side: 25 tags, thousands of album keys in one bind.
        let (by_tag, n) = counted(&db, Tag::query().with(Tag::ALBUMS).all(&db)).await?;
        assert_eq!(n, 2);
        assert_eq!(by_tag.iter().map(|t| t.albums.get().map(<[_]>::len).unwrap_or(0)).sum::<usize>(), 8_400);
        Ok(())
    }
}

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "rel_shelves")]
pub(crate) struct Shelf {
    #[covet(primary_key)]
    pub(crate) id: i32,
    #[covet(has_many(Book, foreign_key = shelf_no))]
    pub(crate) books: HasMany<Book>,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "rel_books")]
pub(crate) struct Book {
    #[covet(primary_key, auto_increment)]
    pub(crate) id: i64,
    #[covet(references = Shelf, rename = "shelf_number")]
    pub(crate) shelf_no: Option<i32>,
    #[covet(belongs_to(Shelf, foreign_key = shelf_no))]
    pub(crate) shelf: BelongsTo<Shelf>,
}

on_every_backend! {
    async fn i32_keys_and_a_renamed_foreign_key_column(db: Db) {
        covet::ddl::create_table::<Shelf>(&db).await?;
        covet::ddl::create_table::<Book>(&db).await?;
        Shelf::insert_many((1..=3).map(|id| NewShelf { id })).exec(&db).await?;
        Book::insert_many([Some(1), Some(1), None, Some(3)].map(|shelf_no| NewBook { shelf_no })).exec(&db).await?;
        let shelves = Shelf::query().order_by(Shelf::ID.asc()).with(Shelf::BOOKS.order_by(Book::ID.asc())).all(&db).await?;
        let counts: Vec<usize> = shelves.iter().map(|s| s.books.get().map(<[_]>::len).unwrap_or(99)).collect();
        assert_eq!(counts, [2, 0, 1]);
        let books = Book::query().order_by(Book::ID.asc()).with(Book::SHELF).all(&db).await?;
        let shelf_ids: Vec<Option<i32>> = books.iter().map(|b| b.shelf.get().ok().flatten().map(|s| s.id)).collect();
        assert_eq!(shelf_ids, [Some(1), Some(1), None, Some(3)]);
        Ok(())
    }
}
