use covet::prelude::*;

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "artists")]
pub struct Artist {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(max_length = 120)]
    pub name: Option<String>,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "albums", index(artist_id, title))]
pub struct Album {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(max_length = 160)]
    pub title: String,
    #[covet(references = Artist, on_delete = cascade)]
    pub artist_id: i64,
}

#[tokio::test]
async fn smoke() {
    let db = Db::connect("sqlite::memory:").await.unwrap();
    covet::ddl::create_table::<Artist>(&db).await.unwrap();
    covet::ddl::create_table::<Album>(&db).await.unwrap();
    let a = Artist::insert(NewArtist { name: Some("AC/DC".into()) }).exec(&db).await.unwrap();
    let al = Album::insert(NewAlbum { title: "Back in Black".into(), artist_id: a.id }).exec(&db).await.unwrap();
    let got = Album::query().filter(Album::TITLE.like("Back%")).all(&db).await.unwrap();
    assert_eq!(got, vec![al]);
}
