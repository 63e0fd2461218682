//! Every relation kind, loaded eagerly, equals what per-table queries grouped by hand give,
//! in exactly one statement per relation.

use super::*;
use std::collections::BTreeMap;

/// Two labels, four artists (one without a label), albums with duplicate artist ids, tracks,
/// biographies for some artists, tags linked through the join model.
pub(crate) async fn small_catalogue(db: &Db) -> covet::Result<()> {
    music_schema(db).await?;
    for (code, name) in [("emi", "EMI"), ("sub", "Sub Pop")] {
        Label::insert(NewLabel {
            code: code.into(),
            name: name.into(),
        })
        .exec(db)
        .await?;
    }
    let artists = Artist::insert_many([
        new_artist("Nirvana", Some("sub")),
        new_artist("Queen", Some("emi")),
        new_artist("Unsigned", None),
        new_artist("Pink Floyd", Some("emi")),
    ])
    .exec(db)
    .await?;
    let mut albums = Vec::new();
    for (i, a) in artists.iter().enumerate() {
        for y in 0..i {
            albums.push(new_album(a.id, &format!("{} {y}", a.name), 1970 + y as i32));
        }
    }
    let albums = Album::insert_many(albums).exec(db).await?;
    let tracks: Vec<NewTrack> = albums
        .iter()
        .enumerate()
        .flat_map(|(i, al)| (1..=(i % 3) as i32 + 1).map(move |n| new_track(al.id, n)))
        .collect();
    Track::insert_many(tracks).exec(db).await?;
    for a in artists.iter().filter(|a| a.name != "Unsigned") {
        Biography::insert(NewBiography {
            id: Uuid::from_u128(0xb10_0000 + a.id as u128),
            artist_ref: a.id,
            text: format!("about {}", a.name),
        })
        .exec(db)
        .await?;
    }
    let tags = Tag::insert_many((0..3).map(|i| NewTag {
        id: Uuid::from_u128(0xfeed_0000_0000 + (3 - i) as u128 * 0x1_0000_0001),
        name: format!("tag{i}"),
    }))
    .exec(db)
    .await?;
    let links: Vec<NewAlbumTag> = albums
        .iter()
        .enumerate()
        .flat_map(|(i, al)| {
            tags.iter().take(i % 4).map(move |t| NewAlbumTag {
                album_id: al.id,
                tag_id: t.id,
                weight: i as i32,
            })
        })
        .collect();
    AlbumTag::insert_many(links).exec(db).await?;
    Ok(())
}

on_every_backend! {
    async fn has_many_equals_grouping_by_hand(db: Db) {
        small_catalogue(&db).await?;
        let (artists, n) = counted(&db, Artist::query()
            .order_by(Artist::ID.asc())
            .with(Artist::ALBUMS.order_by(Album::ID.asc()))
            .all(&db)).await?;
        assert_eq!(n, 2, "artists, then albums");
        let mut expected: BTreeMap<i64, Vec<Album>> = BTreeMap::new();
        for al in Album::query().order_by(Album::ID.asc()).all(&db).await? {
            expected.entry(al.artist_id).or_default().push(al);
        }
        assert_eq!(artists.len(), 4);
        for a in &artists {
            let want = expected.remove(&a.id).unwrap_or_default();
            assert_eq!(a.albums.get()?, want.as_slice(), "albums of {}", a.name);
        }
        assert!(artists.iter().any(|a| matches!(a.albums.get(), Ok([]))));
        Ok(())
    }
}

on_every_backend! {
    async fn belongs_to_with_duplicate_and_null_foreign_keys(db: Db) {
        small_catalogue(&db).await?;
        let labels: BTreeMap<String, Label> = Label::query().all(&db).await?
            .into_iter().map(|l| (l.code.clone(), l)).collect();
        let (artists, n) = counted(&db, Artist::query().with(Artist::LABEL).all(&db)).await?;
        assert_eq!(n, 2);
        for a in &artists {
            let want = a.label_code.as_ref().map(|c| &labels[c]);
            assert_eq!(a.label.get()?, want, "label of {}", a.name);
        }
        // Two artists share "emi": both got it.
        let emi = artists.iter().filter(|a| a.label.get().ok().flatten().is_some_and(|l| l.code == "emi")).count();
        assert_eq!(emi, 2);
        // Albums → artist: many albums share one artist.
        let artists_by_id: BTreeMap<i64, Artist> = Artist::query().all(&db).await?
            .into_iter().map(|a| (a.id, a)).collect();
        let albums = Album::query().with(Album::ARTIST).all(&db).await?;
        assert!(!albums.is_empty());
        for al in &albums {
            assert_eq!(al.artist.get()?, Some(&artists_by_id[&al.artist_id]));
        }
        Ok(())
    }
}

on_every_backend! {
    async fn has_one_with_a_uuid_keyed_target(db: Db) {
        small_catalogue(&db).await?;
        let bios: BTreeMap<i64, Biography> = Biography::query().all(&db).await?
            .into_iter().map(|b| (b.artist_ref, b)).collect();
        let (artists, n) = counted(&db, Artist::query().with(Artist::BIOGRAPHY).all(&db)).await?;
        assert_eq!(n, 2);
        for a in &artists {
            assert_eq!(a.biography.get()?, bios.get(&a.id), "biography of {}", a.name);
        }
        assert!(artists.iter().any(|a| matches!(a.biography.get(), Ok(None))), "the unsigned artist has none");
        Ok(())
    }
}

on_every_backend! {
    async fn many_to_many_through_a_join_model_both_ways(db: Db) {
        small_catalogue(&db).await?;
        let tags: BTreeMap<Uuid, Tag> = Tag::query().all(&db).await?
            .into_iter().map(|t| (t.id, t)).collect();
        let links = AlbumTag::query().all(&db).await?;
        assert!(links.len() >= 4);
        let (albums, n) = counted(&db, Album::query()
            .with(Album::TAGS.order_by(Tag::NAME.asc()))
            .all(&db)).await?;
        assert_eq!(n, 2, "albums, then tags joined with their links");
        for al in &albums {
            let mut want: Vec<&Tag> = links.iter().filter(|l| l.album_id == al.id).map(|l| &tags[&l.tag_id]).collect();
            want.sort_by(|a, b| a.name.cmp(&b.name));
            let got: Vec<&Tag> = al.tags.get()?.iter().collect();
            assert_eq!(got, want, "tags of album {}", al.id);
        }
        // The other way round: a tag's albums.
        let albums_by_id: BTreeMap<i64, Album> = Album::query().all(&db).await?
            .into_iter().map(|a| (a.id, a)).collect();
        let (tagged, n) = counted(&db, Tag::query().with(Tag::ALBUMS.order_by(Album::ID.asc())).all(&db)).await?;
        assert_eq!(n, 2);
        for t in &tagged {
            let mut want: Vec<i64> = links.iter().filter(|l| l.tag_id == t.id).map(|l| l.album_id).collect();
            want.sort_unstable();
            let got: Vec<i64> = t.albums.get()?.iter().map(|a| a.id).collect();
            assert_eq!(got, want);
            for a in t.albums.get()? {
                assert_eq!(a.title, albums_by_id[&a.id].title);
            }
        }
        Ok(())
    }
}

on_every_backend! {
    async fn self_references_load_managers_and_reports(db: Db) {
        covet::ddl::create_table::<Employee>(&db).await?;
        let ceo = Employee::insert(NewEmployee { name: "ceo".into(), boss: None }).exec(&db).await?;
        let vps = Employee::insert_many((0..3).map(|i| NewEmployee { name: format!("vp{i}"), boss: Some(ceo.id) })).exec(&db).await?;
        let staff = Employee::insert_many((0..9).map(|i| NewEmployee { name: format!("staff{i}"), boss: Some(vps[i % 3].id) })).exec(&db).await?;
        let (all, n) = counted(&db, Employee::query()
            .order_by(Employee::ID.asc())
            .with(Employee::MANAGER)
            .with(Employee::REPORTS.order_by(Employee::ID.asc()).with(Employee::REPORTS.order_by(Employee::ID.asc())))
            .all(&db)).await?;
        assert_eq!(n, 4, "employees, managers, reports, reports of reports");
        assert_eq!(all[0].manager.get()?, None, "the CEO has no manager");
        let ceo_reports: Vec<i64> = all[0].reports.get()?.iter().map(|e| e.id).collect();
        assert_eq!(ceo_reports, vps.iter().map(|v| v.id).collect::<Vec<_>>());
        let second_level: usize = all[0].reports.get()?.iter().map(|vp| vp.reports.get().map(<[_]>::len).unwrap_or(0)).sum();
        assert_eq!(second_level, 9);
        for s in all.iter().filter(|e| e.name.starts_with("staff")) {
            let m = s.manager.get()?.expect("has a manager");
            assert_eq!(Some(m.id), s.boss);
            assert!(m.name.starts_with("vp"));
            assert_eq!(s.reports.get()?, &[] as &[Employee]);
        }
        assert_eq!(staff.len(), 9);
        Ok(())
    }
}

on_every_backend! {
    async fn a_category_tree_with_text_keys(db: Db) {
        covet::ddl::create_table::<Category>(&db).await?;
        let cat = |slug: &str, parent: Option<&str>| NewCategory { slug: slug.into(), parent_slug: parent.map(Into::into) };
        Category::insert_many([cat("root", None), cat("music", Some("root")), cat("books", Some("root")),
            cat("rock", Some("music")), cat("jazz", Some("music")), cat("Rock", Some("books"))]).exec(&db).await?;
        let roots = Category::query()
            .filter(Category::PARENT_SLUG.is_null())
            .with(Category::CHILDREN.order_by(Category::SLUG.asc())
                .with(Category::CHILDREN.order_by(Category::SLUG.asc()).with(Category::PARENT)))
            .all(&db).await?;
        assert_eq!(roots.len(), 1);
        let tree: Vec<(String, Vec<String>)> = roots[0].children.get()?.iter()
            .map(|c| (c.slug.clone(), c.children.get().map(|g| g.iter().map(|g| g.slug.clone()).collect()).unwrap_or_default()))
            .collect();
        assert_eq!(tree, vec![
            ("books".to_owned(), vec!["Rock".to_owned()]),
            ("music".to_owned(), vec!["jazz".to_owned(), "rock".to_owned()]),
        ], "text keys compare exactly (case-sensitive) on every backend");
        let rock = &roots[0].children.get()?[1].children.get()?[1];
        assert_eq!(rock.parent.get()?.map(|p| p.slug.as_str()), Some("music"));
        Ok(())
    }
}
