//! Depth and breadth: three levels through every kind, several relations side by side.

use super::kinds::small_catalogue;
use super::*;

on_every_backend! {
    async fn three_levels_through_has_many_many_to_many_and_belongs_to(db: Db) {
        small_catalogue(&db).await?;
        let (labels, n) = counted(&db, Label::query()
            .order_by(Label::CODE.asc())
            .with(Label::ARTISTS.order_by(Artist::ID.asc())
                .with(Artist::ALBUMS.order_by(Album::ID.asc())
                    .with(Album::TAGS.order_by(Tag::NAME.asc()))
                    .with(Album::TRACKS.order_by(Track::N.asc()).with(Track::ALBUM)))
                .with(Artist::BIOGRAPHY))
            .all(&db)).await?;
        assert_eq!(n, 7, "labels, artists, albums, tags, tracks, tracks' album, biographies");
        // Expected: the same tree, one query per row (the naive way).
        for l in &labels {
            let artists = Artist::query().filter(Artist::LABEL_CODE.eq(l.code.clone())).order_by(Artist::ID.asc()).all(&db).await?;
            let got = l.artists.get()?;
            assert_eq!(got.iter().map(|a| a.id).collect::<Vec<_>>(), artists.iter().map(|a| a.id).collect::<Vec<_>>());
            for a in got {
                assert!(a.biography.get()?.is_some_and(|b| b.artist_ref == a.id));
                let albums = Album::query().filter(Album::ARTIST_ID.eq(a.id)).order_by(Album::ID.asc()).all(&db).await?;
                assert_eq!(a.albums.get()?.iter().map(|x| x.id).collect::<Vec<_>>(), albums.iter().map(|x| x.id).collect::<Vec<_>>());
                for al in a.albums.get()? {
                    let tracks = Track::query().filter(Track::ALBUM_ID.eq(al.id)).order_by(Track::N.asc()).all(&db).await?;
                    assert_eq!(al.tracks.get()?.iter().map(|t| t.id).collect::<Vec<_>>(), tracks.iter().map(|t| t.id).collect::<Vec<_>>());
                    for t in al.tracks.get()? {
                        assert_eq!(t.album.get()?.map(|x| x.id), Some(al.id));
                    }
                    let links = AlbumTag::query().filter(AlbumTag::ALBUM_ID.eq(al.id)).all(&db).await?;
                    assert_eq!(al.tags.get()?.len(), links.len());
                    assert!(al.tags.get()?.windows(2).all(|w| w[0].name <= w[1].name));
                }
            }
        }
        Ok(())
    }
}

on_every_backend! {
    async fn the_same_count_with_one_parent(db: Db) {
        small_catalogue(&db).await?;
        let q = |one: bool| {
            let mut q = Artist::query().filter(Artist::NAME.ne(String::new()));
            if one {
                q = q.filter(Artist::NAME.eq("Pink Floyd"));
            }
            q.with(Artist::ALBUMS.with(Album::TRACKS.with(Track::ALBUM)).with(Album::TAGS))
                .with(Artist::LABEL)
        };
        let (one, n_one) = counted(&db, q(true).all(&db)).await?;
        let (all, n_all) = counted(&db, q(false).all(&db)).await?;
        assert_eq!((one.len(), all.len()), (1, 4));
        assert_eq!(n_one, 6);
        assert_eq!(n_all, 6);
        Ok(())
    }
}
