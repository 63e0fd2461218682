//! Insert, find, update and delete by key on every backend.

use covet::prelude::*;

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "artists")]
struct Artist {
    #[covet(primary_key, auto_increment)]
    id: i64,
    #[covet(max_length = 120, unique)]
    name: String,
    #[covet(default = "0")]
    rating: i32,
    country: Option<String>,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "album_tags")]
struct AlbumTag {
    #[covet(primary_key)]
    album_id: i64,
    #[covet(primary_key, max_length = 40)]
    tag: String,
    weight: f64,
}

fn acdc() -> NewArtist {
    NewArtist {
        name: "AC/DC".into(),
        rating: 5,
        country: Some("AU".into()),
    }
}

on_every_backend! {
    async fn insert_returns_stored_row(db: Db) {
        covet::ddl::create_table::<Artist>(&db).await?;
        let first = Artist::insert(acdc()).exec(&db).await?;
        let second = Artist::insert(NewArtist { name: "Queen".into(), rating: 4, country: None })
            .exec(&db)
            .await?;
        assert!(first.id >= 1);
        assert_eq!(second.id, first.id + 1, "keys are generated in order");
        assert_eq!(first.name, "AC/DC");
        assert_eq!(first.country.as_deref(), Some("AU"));
        assert_eq!(second.country, None);
        Ok(())
    }
}

on_every_backend! {
    options = |o| o.without_returning();
    async fn insert_without_returning_reads_back_by_key(db: Db) {
        // The path MySQL takes (no RETURNING): insert, then read the row by its insert id.
        let mysql = db.backend() == covet::Backend::MySql;
        assert_eq!(db.capabilities().insert_returning, !mysql);
        covet::ddl::create_table::<Artist>(&db).await?;
        let before = db.statement_count();
        let stored = Artist::insert(acdc()).exec(&db).await?;
        let expected = if mysql { 2 } else { 1 };
        assert_eq!(db.statement_count() - before, expected, "on MySQL, an insert and a lookup");
        assert_eq!(stored.name, "AC/DC");
        let found = Artist::find(stored.id).one(&db).await?;
        assert_eq!(found, stored);
        let keyed = AlbumTag::insert(NewAlbumTag { album_id: 9, tag: "x".into(), weight: 2.0 });
        covet::ddl::create_table::<AlbumTag>(&db).await?;
        assert_eq!(keyed.exec(&db).await?.weight, 2.0, "a composite key is read back too");
        Ok(())
    }
}

on_every_backend! {
    async fn find_one_optional_and_not_found(db: Db) {
        covet::ddl::create_table::<Artist>(&db).await?;
        let stored = Artist::insert(acdc()).exec(&db).await?;
        assert_eq!(Artist::find(stored.id).one(&db).await?, stored);
        assert_eq!(Artist::find(stored.id).optional(&db).await?, Some(stored.clone()));
        assert_eq!(Artist::find(stored.id + 100).optional(&db).await?, None);
        let missing = Artist::find(stored.id + 100).one(&db).await.unwrap_err();
        assert!(missing.is_not_found(), "{missing}");
        Ok(())
    }
}

on_every_backend! {
    async fn update_and_delete_report_rows_affected(db: Db) {
        covet::ddl::create_table::<Artist>(&db).await?;
        let mut artist = Artist::insert(acdc()).exec(&db).await?;
        artist.rating = 1;
        artist.country = None;
        let changed: u64 = artist.update(&db).await?;
        assert_eq!(changed, 1);
        assert_eq!(Artist::find(artist.id).one(&db).await?, artist);

        let mut gone = Artist { id: artist.id + 50, ..artist.clone() };
        assert_eq!(gone.update(&db).await?, 0, "updating a missing row changes nothing");

        assert_eq!(artist.delete(&db).await?, 1);
        assert_eq!(artist.delete(&db).await?, 0);
        assert_eq!(Artist::find(artist.id).optional(&db).await?, None);
        Ok(())
    }
}

on_every_backend! {
    async fn composite_keys(db: Db) {
        covet::ddl::create_table::<AlbumTag>(&db).await?;
        let rock = AlbumTag::insert(NewAlbumTag { album_id: 1, tag: "rock".into(), weight: 0.5 })
            .exec(&db)
            .await?;
        AlbumTag::insert(NewAlbumTag { album_id: 1, tag: "live".into(), weight: 0.25 }).exec(&db).await?;
        AlbumTag::insert(NewAlbumTag { album_id: 2, tag: "rock".into(), weight: 1.0 }).exec(&db).await?;

        assert_eq!(AlbumTag::find((1, "rock".to_owned())).one(&db).await?, rock);
        let mut heavier = rock.clone();
        heavier.weight = 0.75;
        assert_eq!(heavier.update(&db).await?, 1);
        assert_eq!(AlbumTag::find((1, "rock".into())).one(&db).await?.weight, 0.75);
        assert_eq!(AlbumTag::find((2, "rock".into())).one(&db).await?.weight, 1.0);

        assert_eq!(AlbumTag::delete_by_key((1, "live".into()), &db).await?, 1);
        assert_eq!(AlbumTag::query().count(&db).await?, 2);

        let dup = AlbumTag::insert(NewAlbumTag { album_id: 2, tag: "rock".into(), weight: 0.0 })
            .exec(&db)
            .await
            .unwrap_err();
        assert!(dup.is_unique_violation(), "{dup}");
        Ok(())
    }
}

on_every_backend! {
    async fn unique_violation_names_the_constraint(db: Db) {
        covet::ddl::create_table::<Artist>(&db).await?;
        Artist::insert(acdc()).exec(&db).await?;
        let err = Artist::insert(acdc()).exec(&db).await.unwrap_err();
        assert!(err.is_unique_violation(), "{err:?}");
        if db.backend() != covet::Backend::Sqlite {
            // SQLite names the columns, not the constraint.
            assert_eq!(err.constraint(), Some("artists_name_key"), "{err:?}");
        }
        assert_eq!(Artist::query().count(&db).await?, 1);
        Ok(())
    }
}
