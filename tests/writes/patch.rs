//! `M::patch(key).set(column, value)`: only the columns set are written, with values of the
//! column's type.

use super::{Document, Member, NewDocument, valid_member};
use covet::prelude::*;

on_every_backend! {
    async fn only_the_columns_set_are_written(db: Db) {
        covet::ddl::create_table::<Member>(&db).await?;
        let member = Member::insert(valid_member("ada")).exec(&db).await?;
        let other = Member::insert(valid_member("bob")).exec(&db).await?;
        let changed = Member::patch(member.id)
            .set(Member::HANDLE, "ada_l")
            .set(Member::AGE, Some(36))
            .set(Member::NICKNAME, "countess")
            .set(Member::AGE, 37) // the last value wins
            .exec(&db)
            .await?;
        assert_eq!(changed, 1);
        let stored = Member::find(member.id).one(&db).await?;
        let expected = Member {
            handle: "ada_l".into(),
            age: Some(37),
            nickname: Some("countess".into()),
            ..member.clone()
        };
        assert_eq!(stored, expected);
        assert_eq!(Member::find(other.id).one(&db).await?, other, "other rows untouched");

        // NULL through `None`; a missing key changes nothing.
        Member::patch(member.id).set(Member::AGE, None).exec(&db).await?;
        assert_eq!(Member::find(member.id).one(&db).await?.age, None);
        assert_eq!(Member::patch(member.id + 100).set(Member::RATING, 1.0).exec(&db).await?, 0);

        // An empty patch is refused, and nothing is sent.
        let before = db.statement_count();
        let err = Member::patch(member.id).exec(&db).await.unwrap_err();
        assert!(matches!(err, covet::Error::InvalidInput(_)), "{err:?}");
        assert_eq!(db.statement_count(), before);
        Ok(())
    }
}

on_every_backend! {
    async fn a_patch_cannot_set_the_version(db: Db) {
        covet::ddl::create_table::<Document>(&db).await?;
        let doc = Document::insert(NewDocument { body: "x".into() }).exec(&db).await?;
        let err = Document::patch(doc.id).set(Document::VERSION, 9).exec(&db).await.unwrap_err();
        assert!(err.to_string().contains("optimistic-lock version"), "{err}");
        let err = Member::patch(1).set(Member::AGE, 1).if_version(1).exec(&db).await.unwrap_err();
        assert!(err.to_string().contains("no version column"), "{err}");
        Ok(())
    }
}
