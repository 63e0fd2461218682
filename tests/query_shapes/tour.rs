//! The README's tour of query shapes, run on every backend: the snippet compiles and does what
//! the README says.

use super::{Album, Artist, Track, seed};

use covet::prelude::*;

on_every_backend! {
    async fn readme_tour(db: Db) {
        seed(&db).await?;
        // --- README snippet begins ---
        // Projections: the row type comes from the columns (title: String, year: Option<i32>).
        let titles: Vec<(String, Option<i32>)> = Album::query()
            .filter(Album::ARTIST_ID.eq(1))
            .order_by(Album::TITLE.asc())
            .select((Album::TITLE, Album::YEAR))
            .all(&db)
            .await?;

        // Aggregates have one type on every backend: count is i64, sum of an integer column
        // Option<i64>, avg Option<f64>; `having` exists only after `group_by`.
        let per_album: Vec<(i64, i64, Option<i64>, Option<f64>)> = Track::query()
            .select((Track::ALBUM_ID, count_all(), Track::SECONDS.sum(), Track::SECONDS.avg()))
            .group_by(Track::ALBUM_ID)
            .having(count_all().ge(2))
            .order_by(Track::SECONDS.sum().desc())
            .all(&db)
            .await?;

        // Joins with typed ON; a left join's missing side is None. Filters may use any
        // joined model, and no other.
        let with_albums: Vec<(Artist, Option<Album>)> = Artist::query()
            .left_join(Album::ARTIST_ID.on(Artist::ID))
            .filter(Artist::NAME.ne("AC/DC"))
            .order_by(Artist::NAME.asc())
            .order_by(Album::ID.asc())
            .all(&db)
            .await?;
        let albums_per_artist: Vec<(String, i64)> = Artist::query()
            .left_join(Album::ARTIST_ID.on(Artist::ID))
            .select((Artist::NAME, Album::ID.count()))
            .group_by((Artist::ID, Artist::NAME))
            .order_by(Artist::NAME.asc())
            .all(&db)
            .await?;

        // Subqueries: correlated EXISTS, IN (subquery), and scalar comparisons, typed by the
        // column the subquery selects.
        let without_albums: Vec<Artist> = Artist::query()
            .filter(Filter::not_exists(Album::query().correlate(Album::ARTIST_ID, Artist::ID)))
            .all(&db)
            .await?;
        let longest: Vec<Track> = Track::query()
            .filter(Track::SECONDS.eq_subquery(Track::query().select(Track::SECONDS.max())))
            .all(&db)
            .await?;

        // Window functions, selected like columns.
        let numbered: Vec<(String, i64, Option<i64>)> = Track::query()
            .filter(Track::ALBUM_ID.eq(1))
            .order_by(Track::POSITION.asc())
            .select((
                Track::TITLE,
                row_number().over(Window::new().order_by(Track::POSITION.asc())),
                Track::SECONDS.sum().over(Window::new().order_by(Track::POSITION.asc())),
            ))
            .all(&db)
            .await?;
        // --- README snippet ends ---
        let names = |rows: &[(Artist, Option<Album>)]| -> Vec<(String, Option<String>)> {
            rows.iter().map(|(a, b)| (a.name.clone(), b.as_ref().map(|b| b.title.clone()))).collect()
        };
        assert_eq!(titles, [("Back in Black".to_owned(), Some(1980)), ("Highway to Hell".to_owned(), Some(1979))]);
        assert_eq!(per_album, [(3, 3, Some(1488), Some(496.0)), (1, 3, Some(884), Some(884.0 / 3.0)), (2, 2, Some(411), Some(205.5))]);
        assert_eq!(
            names(&with_albums),
            [
                ("Miles Davis".to_owned(), Some("Kind of Blue".to_owned())),
                ("Miles Davis".to_owned(), Some("Bootleg".to_owned())),
                ("Nobody".to_owned(), None),
            ]
        );
        assert_eq!(albums_per_artist, [("AC/DC".to_owned(), 2), ("Miles Davis".to_owned(), 2), ("Nobody".to_owned(), 0)]);
        assert_eq!(without_albums.len(), 1);
        assert_eq!(without_albums[0].name, "Nobody");
        assert_eq!(longest.len(), 1);
        assert_eq!(longest[0].title, "Freddie Freeloader");
        assert_eq!(
            numbered,
            [
                ("Hells Bells".to_owned(), 1, Some(312)),
                ("Shoot to Thrill".to_owned(), 2, Some(629)),
                ("Back in Black".to_owned(), 3, Some(884)),
            ]
        );
        Ok(())
    }
}
