//! Typed filters, ordering and paging return the same rows on every backend.

use covet::prelude::*;

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "tracks", index(album, position))]
struct Track {
    #[covet(primary_key, auto_increment)]
    id: i64,
    #[covet(max_length = 200)]
    title: String,
    album: Option<String>,
    position: i32,
    seconds: Option<i64>,
}

/// Ten tracks with a mix of NULLs, cases and LIKE metacharacters.
async fn seed(db: &Db) -> covet::Result<Vec<Track>> {
    covet::ddl::create_table::<Track>(db).await?;
    let rows = [
        ("Hells Bells", Some("Back in Black"), 1, Some(312)),
        ("Shoot to Thrill", Some("Back in Black"), 2, Some(317)),
        ("Back in Black", Some("Back in Black"), 6, Some(255)),
        ("back in black (demo)", None, 1, None),
        ("100% Pure", Some("Percent"), 1, Some(100)),
        ("100 Pure", Some("Percent"), 2, Some(101)),
        ("under_score", Some("Meta"), 1, Some(60)),
        ("underXscore", Some("Meta"), 2, None),
        ("Ünïcödé", Some("Meta"), 3, Some(61)),
        ("Thunderstruck", Some("The Razors Edge"), 1, Some(292)),
    ];
    let mut out = Vec::new();
    for (title, album, position, seconds) in rows {
        let new = NewTrack {
            title: title.into(),
            album: album.map(Into::into),
            position,
            seconds,
        };
        out.push(Track::insert(new).exec(db).await?);
    }
    Ok(out)
}

fn titles(tracks: &[Track]) -> Vec<&str> {
    tracks.iter().map(|t| t.title.as_str()).collect()
}

async fn titles_where(db: &Db, filter: Filter<Track>) -> covet::Result<Vec<String>> {
    let rows = Track::query()
        .filter(filter)
        .order_by(Track::ID.asc())
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|t| t.title).collect())
}

on_every_backend! {
    async fn comparisons(db: Db) {
        seed(&db).await?;
        assert_eq!(titles_where(&db, Track::TITLE.eq("Back in Black")).await?, ["Back in Black"]);
        assert_eq!(titles_where(&db, Track::POSITION.gt(2)).await?, ["Back in Black", "Ünïcödé"]);
        assert_eq!(titles_where(&db, Track::POSITION.ge(3)).await?, ["Back in Black", "Ünïcödé"]);
        assert_eq!(titles_where(&db, Track::SECONDS.lt(100)).await?, ["under_score", "Ünïcödé"]);
        assert_eq!(titles_where(&db, Track::SECONDS.le(100)).await?, ["100% Pure", "under_score", "Ünïcödé"]);
        assert_eq!(
            titles_where(&db, Track::ALBUM.ne("Back in Black")).await?,
            ["100% Pure", "100 Pure", "under_score", "underXscore", "Ünïcödé", "Thunderstruck"],
            "NULL is neither equal nor unequal"
        );
        assert_eq!(titles_where(&db, Track::SECONDS.between(255, 300)).await?, ["Back in Black", "Thunderstruck"]);
        Ok(())
    }
}

on_every_backend! {
    async fn in_lists_and_nulls(db: Db) {
        seed(&db).await?;
        assert_eq!(
            titles_where(&db, Track::TITLE.in_list(["Hells Bells", "Thunderstruck", "nope"])).await?,
            ["Hells Bells", "Thunderstruck"]
        );
        assert!(titles_where(&db, Track::TITLE.in_list(Vec::<String>::new())).await?.is_empty());
        assert_eq!(titles_where(&db, Track::ALBUM.is_null()).await?, ["back in black (demo)"]);
        assert_eq!(titles_where(&db, Track::SECONDS.is_null()).await?, ["back in black (demo)", "underXscore"]);
        assert_eq!(Track::query().filter(Track::SECONDS.is_not_null()).count(&db).await?, 8);
        Ok(())
    }
}

on_every_backend! {
    async fn like_is_case_sensitive_and_escapable(db: Db) {
        seed(&db).await?;
        assert_eq!(titles_where(&db, Track::TITLE.like("Back%")).await?, ["Back in Black"]);
        assert_eq!(titles_where(&db, Track::TITLE.like("back%")).await?, ["back in black (demo)"]);
        assert_eq!(titles_where(&db, Track::TITLE.like("100%")).await?, ["100% Pure", "100 Pure"]);
        assert_eq!(titles_where(&db, Track::TITLE.like("100\\%%")).await?, ["100% Pure"]);
        assert_eq!(titles_where(&db, Track::TITLE.like("under_score")).await?, ["under_score", "underXscore"]);
        assert_eq!(titles_where(&db, Track::TITLE.like("under\\_score")).await?, ["under_score"]);
        assert_eq!(titles_where(&db, Track::TITLE.like("Ün%")).await?, ["Ünïcödé"]);
        assert_eq!(titles_where(&db, Track::ALBUM.like("%Edge")).await?, ["Thunderstruck"]);
        Ok(())
    }
}

on_every_backend! {
    async fn and_or_not(db: Db) {
        seed(&db).await?;
        let both = Track::ALBUM.eq("Back in Black").and(Track::POSITION.eq(1));
        assert_eq!(titles_where(&db, both).await?, ["Hells Bells"]);
        let either = Track::POSITION.eq(6).or(Track::TITLE.eq("Thunderstruck"));
        assert_eq!(titles_where(&db, either).await?, ["Back in Black", "Thunderstruck"]);
        let not = !Track::ALBUM.eq("Meta") & Track::POSITION.eq(2);
        assert_eq!(titles_where(&db, not).await?, ["Shoot to Thrill", "100 Pure"]);
        let nested = (Track::POSITION.eq(1) | Track::POSITION.eq(3)).and(!(Track::SECONDS.gt(100)));
        assert_eq!(titles_where(&db, nested).await?, ["100% Pure", "under_score", "Ünïcödé"]);
        assert_eq!(titles_where(&db, Filter::any([])).await?.len(), 0, "an empty OR is false");
        assert_eq!(titles_where(&db, Filter::all([])).await?.len(), 10, "an empty AND is true");
        // Filters added one by one are combined with AND, so optional filters stay typed.
        let wanted_album: Option<&str> = Some("Percent");
        let mut q = Track::query();
        if let Some(album) = wanted_album {
            q = q.filter(Track::ALBUM.eq(album));
        }
        q = q.filter(Track::POSITION.eq(2));
        assert_eq!(titles(&q.all(&db).await?), ["100 Pure"]);
        Ok(())
    }
}

on_every_backend! {
    async fn ordering_puts_null_first_ascending(db: Db) {
        seed(&db).await?;
        let asc = Track::query().order_by(Track::SECONDS.asc()).order_by(Track::ID.asc()).all(&db).await?;
        assert_eq!(&titles(&asc)[..3], ["back in black (demo)", "underXscore", "under_score"]);
        let desc = Track::query().order_by(Track::SECONDS.desc()).order_by(Track::ID.desc()).all(&db).await?;
        assert_eq!(titles(&desc)[0], "Shoot to Thrill");
        assert_eq!(&titles(&desc)[8..], ["underXscore", "back in black (demo)"]);
        let by_album = Track::query()
            .order_by(Track::ALBUM.desc())
            .order_by(Track::POSITION.desc())
            .limit(2)
            .all(&db)
            .await?;
        assert_eq!(titles(&by_album), ["Thunderstruck", "100 Pure"]);
        Ok(())
    }
}

on_every_backend! {
    async fn paging_first_one_count_exists(db: Db) {
        let all = seed(&db).await?;
        let by_id = || Track::query().order_by(Track::ID.asc());
        assert_eq!(by_id().limit(3).all(&db).await?, all[..3]);
        assert_eq!(by_id().limit(3).offset(8).all(&db).await?, all[8..]);
        assert_eq!(by_id().offset(7).all(&db).await?, all[7..], "offset alone");
        assert_eq!(by_id().first(&db).await?, Some(all[0].clone()));
        assert_eq!(by_id().filter(Track::POSITION.gt(99)).first(&db).await?, None);

        let one = by_id().filter(Track::TITLE.eq("Thunderstruck")).one(&db).await?;
        assert_eq!(one, all[9]);
        let none = by_id().filter(Track::TITLE.eq("nope")).one(&db).await.unwrap_err();
        assert!(none.is_not_found());
        let many = by_id().filter(Track::POSITION.eq(1)).one(&db).await.unwrap_err();
        assert!(matches!(many, covet::Error::TooManyRows { .. }), "{many}");

        assert_eq!(Track::query().count(&db).await?, 10);
        assert_eq!(Track::query().filter(Track::POSITION.eq(1)).count(&db).await?, 5);
        assert_eq!(by_id().limit(4).offset(8).count(&db).await?, 2, "count honours paging");
        assert!(Track::query().filter(Track::TITLE.eq("Hells Bells")).exists(&db).await?);
        assert!(!Track::query().filter(Track::TITLE.eq("Hells")).exists(&db).await?);
        Ok(())
    }
}

on_every_backend! {
    async fn runtime_sort_keys_come_from_metadata(db: Db) {
        seed(&db).await?;
        let key = Track::column_by_name("seconds").expect("a real column");
        let sorted = Track::query().order_by(key.desc()).order_by(Track::ID.asc()).limit(1).all(&db).await?;
        assert_eq!(sorted[0].title, "Shoot to Thrill");
        let before = db.statement_count();
        for bad in ["nope", "seconds; DROP TABLE tracks", "\"seconds\"", "SECONDS", "", "tracks.seconds"] {
            assert!(Track::column_by_name(bad).is_none(), "{bad:?} must be rejected");
        }
        assert_eq!(db.statement_count(), before, "rejecting a name sends nothing");
        Ok(())
    }
}
