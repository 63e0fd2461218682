//! Relations in queries: filtered and ordered includes, `load` onto fetched rows, and parents
//! filtered by their relations (`any`, an `EXISTS` subquery).

use super::kinds::small_catalogue;
use super::*;

on_every_backend! {
    async fn included_relations_are_filtered_and_ordered(db: Db) {
        small_catalogue(&db).await?;
        let artists = Artist::query()
            .order_by(Artist::ID.asc())
            .with(Artist::ALBUMS.filter(Album::YEAR.ge(1971)).order_by(Album::YEAR.desc()))
            .all(&db).await?;
        for a in &artists {
            let want: Vec<i64> = Album::query()
                .filter(Album::ARTIST_ID.eq(a.id).and(Album::YEAR.ge(1971)))
                .order_by(Album::YEAR.desc())
                .all(&db).await?
                .into_iter().map(|x| x.id).collect();
            let got: Vec<i64> = a.albums.get()?.iter().map(|x| x.id).collect();
            assert_eq!(got, want);
        }
        assert!(artists.iter().any(|a| a.albums.get().is_ok_and(|x| x.len() == 2)));
        // A filter on a many-to-many's targets is on the targets, not on the join rows.
        let albums = Album::query().with(Album::TAGS.filter(Tag::NAME.eq("tag1"))).all(&db).await?;
        assert!(albums.iter().flat_map(|a| a.tags.get().unwrap_or_default()).all(|t| t.name == "tag1"));
        assert!(albums.iter().any(|a| a.tags.get().is_ok_and(|t| t.len() == 1)));
        Ok(())
    }
}

on_every_backend! {
    async fn load_onto_rows_already_fetched(db: Db) {
        small_catalogue(&db).await?;
        let mut artists = Artist::query().order_by(Artist::ID.asc()).all(&db).await?;
        let ((), n) = counted(&db, load(&mut artists, Artist::ALBUMS.with(Album::TRACKS), &db)).await?;
        assert_eq!(n, 2);
        let ((), n) = counted(&db, load(&mut artists, (Artist::LABEL, Artist::BIOGRAPHY), &db)).await?;
        assert_eq!(n, 2);
        for a in &artists {
            assert_eq!(a.albums.get()?.len(), Album::query().filter(Album::ARTIST_ID.eq(a.id)).count(&db).await? as usize);
            assert!(a.label.is_loaded() && a.biography.is_loaded());
        }
        // One row: `load` takes a slice.
        let mut one = Artist::find(artists[3].id).one(&db).await?;
        load(std::slice::from_mut(&mut one), Artist::ALBUMS, &db).await?;
        assert_eq!(one.albums.get()?.len(), 3);
        Ok(())
    }
}

on_every_backend! {
    async fn parents_filtered_by_their_relations(db: Db) {
        small_catalogue(&db).await?;
        let names = |v: Vec<Artist>| v.into_iter().map(|a| a.name).collect::<Vec<_>>();
        let with_1971 = Artist::query()
            .filter(Artist::ALBUMS.any(Album::YEAR.eq(1971)))
            .order_by(Artist::NAME.asc())
            .all(&db).await?;
        assert_eq!(names(with_1971), vec!["Pink Floyd", "Unsigned"]);
        let with_any_album = Artist::query().filter(Artist::ALBUMS.exists()).count(&db).await?;
        assert_eq!(with_any_album, 3);
        let without = Artist::query().filter(!Artist::ALBUMS.exists()).all(&db).await?;
        assert_eq!(names(without), vec!["Nirvana"]);
        // Nested: artists with an album that has a track numbered 3.
        let deep = Artist::query()
            .filter(Artist::ALBUMS.any(Album::TRACKS.any(Track::N.eq(3))))
            .order_by(Artist::NAME.asc())
            .all(&db).await?;
        let mut want = Vec::new();
        for a in Artist::query().order_by(Artist::NAME.asc()).all(&db).await? {
            let albums = Album::query().filter(Album::ARTIST_ID.eq(a.id)).all(&db).await?;
            let mut hit = false;
            for al in albums {
                hit |= Track::query().filter(Track::ALBUM_ID.eq(al.id).and(Track::N.eq(3))).exists(&db).await?;
            }
            if hit { want.push(a.name); }
        }
        assert!(!want.is_empty());
        assert_eq!(names(deep), want);
        // Through a belongs_to and a many-to-many; self-references.
        let emi_albums = Album::query().filter(Album::ARTIST.any(Artist::LABEL_CODE.eq("emi".to_owned()))).count(&db).await?;
        assert_eq!(emi_albums, 1 + 3);
        let tagged = Album::query().filter(Album::TAGS.any(Tag::NAME.eq("tag2"))).all(&db).await?;
        for al in &tagged {
            let links = AlbumTag::query().filter(AlbumTag::ALBUM_ID.eq(al.id)).count(&db).await?;
            assert_eq!(links, 3, "only albums linked to all three tags have tag2");
        }
        assert!(!tagged.is_empty());
        // It composes with the relation's own loading.
        let loaded = Artist::query()
            .filter(Artist::ALBUMS.any(Album::TAGS.exists()))
            .with(Artist::ALBUMS.filter(Album::TAGS.exists()))
            .all(&db).await?;
        assert!(loaded.iter().all(|a| a.albums.get().is_ok_and(|x| !x.is_empty())));
        Ok(())
    }
}

on_every_backend! {
    async fn self_referential_any(db: Db) {
        covet::ddl::create_table::<Employee>(&db).await?;
        let boss = Employee::insert(NewEmployee { name: "boss".into(), boss: None }).exec(&db).await?;
        let mid = Employee::insert(NewEmployee { name: "mid".into(), boss: Some(boss.id) }).exec(&db).await?;
        Employee::insert(NewEmployee { name: "leaf".into(), boss: Some(mid.id) }).exec(&db).await?;
        let managers = Employee::query().filter(Employee::REPORTS.exists()).order_by(Employee::ID.asc()).all(&db).await?;
        assert_eq!(managers.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["boss", "mid"]);
        let grand = Employee::query().filter(Employee::REPORTS.any(Employee::REPORTS.exists())).all(&db).await?;
        assert_eq!(grand.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["boss"]);
        let under_boss = Employee::query().filter(Employee::MANAGER.any(Employee::NAME.eq("boss"))).all(&db).await?;
        assert_eq!(under_boss.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["mid"]);
        Ok(())
    }
}

on_every_backend! {
    async fn relation_filters_inside_a_join(db: Db) {
        // A join qualifies its columns with table names; inside the EXISTS the target table is
        // aliased, so its columns must stay bare there.
        small_catalogue(&db).await?;
        let rows: Vec<(Artist, Album)> = Artist::query()
            .inner_join(Album::ARTIST_ID.on(Artist::ID))
            .filter(Artist::ALBUMS.any(Album::YEAR.eq(1971)))
            .order_by(Album::ID.asc())
            .all(&db)
            .await?;
        let mut want = Vec::new();
        for album in Album::query().order_by(Album::ID.asc()).all(&db).await? {
            let hit = Album::query()
                .filter(Album::ARTIST_ID.eq(album.artist_id).and(Album::YEAR.eq(1971)))
                .exists(&db)
                .await?;
            if hit {
                want.push(album.id);
            }
        }
        assert!(!want.is_empty());
        assert_eq!(rows.iter().map(|(_, al)| al.id).collect::<Vec<_>>(), want);
        assert!(rows.iter().all(|(ar, al)| al.artist_id == ar.id));
        Ok(())
    }
}
