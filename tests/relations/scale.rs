//! The statement count depends on the relations requested, never on the rows: 1 parent and
//! 1,000 parents × 10 children × 10 grandchildren run the same statements, and the results
//! equal per-table queries grouped by hand.

use super::*;
use std::collections::HashMap;

const ARTISTS: usize = 1_000;
const PER_PARENT: usize = 10;

async fn seed(db: &Db) -> covet::Result<()> {
    music_schema(db).await?;
    Label::insert(NewLabel {
        code: "emi".into(),
        name: "EMI".into(),
    })
    .exec(db)
    .await?;
    let artists = Artist::insert_many(
        (0..ARTISTS).map(|i| new_artist(&format!("artist {i}"), (i % 2 == 0).then_some("emi"))),
    )
    .exec(db)
    .await?;
    let albums = Album::insert_many(artists.iter().flat_map(|a| {
        (0..PER_PARENT).map(move |j| new_album(a.id, &format!("album {j}"), 1990 + j as i32))
    }))
    .exec(db)
    .await?;
    Track::insert_many(
        albums
            .iter()
            .flat_map(|al| (1..=PER_PARENT as i32).map(move |n| new_track(al.id, n))),
    )
    .exec(db)
    .await?;
    Ok(())
}

fn query() -> covet::relation::WithQuery<Artist, impl covet::relation::Include<Artist>> {
    Artist::query()
        .order_by(Artist::ID.asc())
        .with(
            Artist::ALBUMS
                .order_by(Album::ID.asc())
                .with(Album::TRACKS.order_by(Track::ID.asc())),
        )
        .with(Artist::LABEL)
}

on_every_backend! {
    async fn one_parent_or_a_thousand_the_same_statements(db: Db) {
        seed(&db).await?;
        let first = Artist::query().order_by(Artist::ID.asc()).first(&db).await?.expect("seeded");
        let (one, n_one) = counted(&db, query().filter(Artist::ID.eq(first.id)).all(&db)).await?;
        assert_eq!(one.len(), 1);
        assert_eq!(n_one, 4, "artists, albums, tracks, labels");
        assert_eq!(one[0].albums.get()?.len(), PER_PARENT);

        let (all, n_all) = counted(&db, query().all(&db)).await?;
        assert_eq!(n_all, n_one, "the same number of statements for 1,000 parents");
        assert_eq!(all.len(), ARTISTS);

        // The same data, per table, grouped by hand.
        let mut albums: HashMap<i64, Vec<Album>> = HashMap::new();
        for al in Album::query().order_by(Album::ID.asc()).all(&db).await? {
            albums.entry(al.artist_id).or_default().push(al);
        }
        let mut tracks: HashMap<i64, Vec<Track>> = HashMap::new();
        for t in Track::query().order_by(Track::ID.asc()).all(&db).await? {
            tracks.entry(t.album_id).or_default().push(t);
        }
        let mut seen_tracks = 0;
        for a in &all {
            let loaded = a.albums.get()?;
            let want = &albums[&a.id];
            assert_eq!(loaded.len(), want.len());
            for (got, want) in loaded.iter().zip(want) {
                assert_eq!((got.id, &got.title, got.artist_id), (want.id, &want.title, want.artist_id));
                let got_tracks = got.tracks.get()?;
                assert_eq!(got_tracks, tracks[&got.id].as_slice());
                seen_tracks += got_tracks.len();
            }
            assert_eq!(a.label.get()?.map(|l| l.code.as_str()), a.label_code.as_deref());
        }
        assert_eq!(seen_tracks, ARTISTS * PER_PARENT * PER_PARENT);
        Ok(())
    }
}
