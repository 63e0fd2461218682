//! Writes through relations: a target created for a parent, links attached and detached.

use super::kinds::small_catalogue;
use super::*;

on_every_backend! {
    async fn create_fills_the_foreign_key_from_the_parent(db: Db) {
        small_catalogue(&db).await?;
        let nirvana = Artist::query().filter(Artist::NAME.eq("Nirvana")).one(&db).await?;
        // Whatever the new row said, the parent decides the foreign key.
        let album = Artist::ALBUMS.create(&nirvana, new_album(0, "Nevermind", 1991), &db).await?;
        assert_eq!(album.artist_id, nirvana.id);
        let stored = Album::find(album.id).one(&db).await?;
        assert_eq!((stored.artist_id, stored.title.as_str()), (nirvana.id, "Nevermind"));
        let track = Album::TRACKS.create(&stored, new_track(-1, 1), &db).await?;
        assert_eq!(track.album_id, stored.id);
        let queen = Artist::query().filter(Artist::NAME.eq("Queen")).one(&db).await?;
        Biography::delete_by_key(Uuid::from_u128(0xb10_0000 + queen.id as u128), &db).await?;
        let bio = Artist::BIOGRAPHY.create(&queen, NewBiography { id: Uuid::from_u128(7), artist_ref: 0, text: "new".into() }, &db).await?;
        assert_eq!(bio.artist_ref, queen.id);
        let loaded = Artist::query().filter(Artist::ID.eq(nirvana.id)).with(Artist::ALBUMS.with(Album::TRACKS)).one(&db).await?;
        assert_eq!(loaded.albums.get()?.len(), 1);
        assert_eq!(loaded.albums.get()?[0].tracks.get()?.len(), 1);
        Ok(())
    }
}

on_every_backend! {
    async fn attach_and_detach_links(db: Db) {
        small_catalogue(&db).await?;
        let album = Album::query().order_by(Album::ID.asc()).first(&db).await?.expect("an album");
        let tags = Tag::query().order_by(Tag::NAME.asc()).all(&db).await?;
        let linked = |db: Db, id: i64| async move {
            let mut names: Vec<String> = Album::query().filter(Album::ID.eq(id)).with(Album::TAGS).one(&db).await?
                .tags.get()?.iter().map(|t| t.name.clone()).collect();
            names.sort();
            Ok::<_, covet::Error>(names)
        };
        assert!(linked(db.clone(), album.id).await?.is_empty());
        assert_eq!(Album::TAGS.attach(&album, &tags[0], &db).await?, 1);
        assert_eq!(Album::TAGS.attach(&album, &tags[2], &db).await?, 1);
        assert_eq!(linked(db.clone(), album.id).await?, ["tag0", "tag2"]);
        // The join model's own column took its default.
        let link = AlbumTag::find((album.id, tags[0].id)).one(&db).await?;
        assert_eq!(link.weight, 1);
        // Attaching twice breaks the join model's key.
        let again = Album::TAGS.attach(&album, &tags[0], &db).await.expect_err("duplicate link");
        assert!(again.is_unique_violation(), "{again}");
        // From the other side, the same links.
        assert_eq!(Tag::ALBUMS.detach(&tags[0], &album, &db).await?, 1);
        assert_eq!(Album::TAGS.detach(&album, &tags[0], &db).await?, 0, "already gone");
        assert_eq!(linked(db.clone(), album.id).await?, ["tag2"]);
        Ok(())
    }
}
