//! `insert_many`: every row stored once, returned in input order, all or nothing.

use covet::prelude::*;

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "users")]
struct User {
    #[covet(primary_key, auto_increment)]
    id: i64,
    #[covet(max_length = 50, unique)]
    name: String,
    hair_color: Option<String>,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "tags")]
struct Tag {
    #[covet(primary_key, max_length = 40)]
    code: String,
    weight: i32,
}

fn users(n: usize, prefix: &str) -> Vec<NewUser> {
    (0..n)
        .map(|i| NewUser {
            name: format!("{prefix}{i}"),
            hair_color: (i % 3 != 0).then(|| ["black", "brown"][i % 2].to_owned()),
        })
        .collect()
}

fn chunk(db: &Db) -> usize {
    covet::InsertMany::<User>::rows_per_chunk(db.backend())
}

on_every_backend! {
    async fn every_size_stores_each_row_once_in_order(db: Db) {
        covet::ddl::create_table::<User>(&db).await?;
        let per_chunk = chunk(&db);
        let mut expected = 0;
        for (n, values_only) in [(0, false), (1, false), (per_chunk, true), (per_chunk + 1, true), (100_000, false)] {
            let before = db.statement_count();
            let mut insert = User::insert_many(users(n, &format!("n{n}-")));
            if values_only {
                insert = insert.values();
            }
            let stored = insert.exec(&db).await?;
            assert_eq!(stored.len(), n);
            if n == 0 {
                assert_eq!(db.statement_count(), before, "zero rows send nothing");
            }
            for (i, user) in stored.iter().enumerate() {
                assert_eq!(user.name, format!("n{n}-{i}"), "returned in input order");
            }
            assert!(stored.windows(2).all(|w| w[0].id < w[1].id), "keys ascend with the input");
            expected += n as u64;
            assert_eq!(User::query().count(&db).await?, expected);
        }
        Ok(())
    }
}

on_every_backend! {
    async fn a_failing_chunk_leaves_nothing(db: Db) {
        covet::ddl::create_table::<User>(&db).await?;
        let per_chunk = chunk(&db);
        let mut rows = users(3 * per_chunk, "c");
        // A duplicate name inside the third chunk.
        rows[2 * per_chunk + 5].name = "c0".into();

        let err = User::insert_many(rows.clone()).values().exec(&db).await.unwrap_err();
        assert!(err.is_unique_violation(), "{err:?}");
        assert_eq!(User::query().count(&db).await?, 0, "its own transaction rolled back");

        let tx = db.begin().await?;
        User::insert(NewUser { name: "kept".into(), hair_color: None }).exec(&tx).await?;
        let err = User::insert_many(rows).values().exec(&tx).await.unwrap_err();
        assert!(err.is_unique_violation());
        tx.commit().await?;
        let names: Vec<String> = User::query().all(&db).await?.into_iter().map(|u| u.name).collect();
        assert_eq!(names, ["kept"], "inside a transaction, only the insert_many is undone");
        Ok(())
    }
}

on_every_backend! {
    async fn caller_keys_come_back_in_input_order(db: Db) {
        covet::ddl::create_table::<Tag>(&db).await?;
        let codes = ["zeta", "alpha", "mu", "beta", "omega"];
        let rows = codes.iter().enumerate().map(|(i, c)| NewTag { code: (*c).into(), weight: i as i32 });
        let stored = Tag::insert_many(rows).exec(&db).await?;
        let got: Vec<&str> = stored.iter().map(|t| t.code.as_str()).collect();
        assert_eq!(got, codes);
        Ok(())
    }
}

on_every_backend! {
    async fn the_bulk_path_stores_what_the_plain_path_stores(db: Db) {
        covet::ddl::create_table::<User>(&db).await?;
        let awkward = ["tab\there", "new\nline", "back\\slash", "quote'd \"double\"", "ünïcödé ✓ 漢字", "", "\\N", "NULL"];
        let rows = |prefix: &str| -> Vec<NewUser> {
            awkward
                .iter()
                .enumerate()
                .map(|(i, s)| NewUser { name: format!("{prefix}{i}{s}"), hair_color: (i % 2 == 0).then(|| (*s).to_owned()) })
                .collect()
        };
        let plain = User::insert_many(rows("p")).values().exec(&db).await?;
        let bulk = match db.backend() {
            covet::Backend::Postgres => User::insert_many(rows("b")).unnest().exec(&db).await?,
            backend => {
                let err = User::insert_many(rows("b")).unnest().exec(&db).await.unwrap_err();
                assert!(matches!(err, covet::Error::Unsupported { .. }), "{backend}: {err:?}");
                User::insert_many(rows("b")).exec(&db).await?
            }
        };
        for (p, b) in plain.iter().zip(&bulk) {
            assert_eq!(p.name[1..], b.name[1..]);
            assert_eq!(p.hair_color, b.hair_color);
        }
        let reread = User::query().filter(User::NAME.like("b%")).order_by(User::ID.asc()).all(&db).await?;
        assert_eq!(reread, bulk);

        // `load`: COPY ... FROM STDIN on PostgreSQL (forced: so few rows would go as one
        // INSERT), multi-row VALUES elsewhere.
        let load = match db.backend() {
            covet::Backend::Postgres => User::insert_many(rows("c")).copy().load(&db).await?,
            _ => User::insert_many(rows("c")).load(&db).await?,
        };
        assert_eq!(load, awkward.len() as u64);
        let copied = User::query().filter(User::NAME.like("c%")).order_by(User::ID.asc()).all(&db).await?;
        assert_eq!(copied.len(), plain.len());
        for (p, c) in plain.iter().zip(&copied) {
            assert_eq!((&p.name[1..], &p.hair_color), (&c.name[1..], &c.hair_color));
        }
        Ok(())
    }
}

on_every_backend! {
    async fn a_failing_load_leaves_nothing(db: Db) {
        covet::ddl::create_table::<User>(&db).await?;
        assert_eq!(User::insert_many(Vec::new()).load(&db).await?, 0);
        let mut rows = users(5_000, "l");
        rows[4_321].name = "l7".into(); // a duplicate, late in the stream
        let tx = db.begin().await?;
        User::insert(NewUser { name: "kept".into(), hair_color: None }).exec(&tx).await?;
        let err = User::insert_many(rows.clone()).load(&tx).await.unwrap_err();
        assert!(err.is_unique_violation(), "{err:?}");
        tx.commit().await?;
        assert_eq!(User::query().count(&db).await?, 1, "only the row before the load");
        rows[4_321].name = "fixed".into();
        assert_eq!(User::insert_many(rows).load(&db).await?, 5_000);
        assert_eq!(User::query().count(&db).await?, 5_001);
        Ok(())
    }
}

on_every_backend! {
    async fn get_or_insert_finds_or_inserts_once(db: Db) {
        covet::ddl::create_table::<User>(&db).await?;
        let new = || NewUser { name: "ada".into(), hair_color: None };
        let (first, inserted) = User::get_or_insert(User::NAME.eq("ada"), new()).exec(&db).await?;
        assert!(inserted);
        let (again, inserted) = User::get_or_insert(User::NAME.eq("ada"), new()).exec(&db).await?;
        assert!(!inserted);
        assert_eq!(again, first);
        // Racing callers: exactly one inserts, every one gets the same row.
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let db = db.clone();
                tokio::spawn(async move {
                    let new = NewUser { name: "grace".into(), hair_color: None };
                    User::get_or_insert(User::NAME.eq("grace"), new).exec(&db).await
                })
            })
            .collect();
        let mut inserted = 0;
        let mut ids = Vec::new();
        for t in tasks {
            let (user, was_inserted) = t.await.expect("task")?;
            inserted += usize::from(was_inserted);
            ids.push(user.id);
        }
        assert_eq!(inserted, 1);
        assert!(ids.windows(2).all(|w| w[0] == w[1]));
        assert_eq!(User::query().count(&db).await?, 2);

        // Inside a transaction, a failed insert does not poison it: the lookup misses, the
        // insert hits the unique name, the error is returned and the transaction goes on.
        let tx = db.begin().await?;
        let err = User::get_or_insert(User::NAME.eq("nobody"), new()).exec(&tx).await.unwrap_err();
        assert!(err.is_unique_violation(), "{err:?}");
        User::insert(NewUser { name: "after".into(), hair_color: None }).exec(&tx).await?;
        tx.commit().await?;
        assert_eq!(User::query().count(&db).await?, 3);
        Ok(())
    }
}

on_every_backend! {
    async fn a_small_load_fails_alone_inside_a_transaction(db: Db) {
        covet::ddl::create_table::<User>(&db).await?;
        // Rows that fit one INSERT go as that one statement, without a transaction of their own.
        assert_eq!(User::insert_many(users(10, "s")).load(&db).await?, 10);
        let copied = match db.backend() {
            covet::Backend::Postgres => User::insert_many(users(3, "k")).copy().load(&db).await?,
            backend => {
                let err = User::insert_many(users(3, "k")).copy().load(&db).await.unwrap_err();
                assert!(matches!(err, covet::Error::Unsupported { .. }), "{backend}: {err:?}");
                0
            }
        };
        // Inside a transaction the one statement is still fenced by a savepoint: its failure
        // leaves the caller's transaction usable (PostgreSQL would abort it otherwise).
        let tx = db.begin().await?;
        let err = User::insert_many(users(3, "s")).load(&tx).await.unwrap_err();
        assert!(err.is_unique_violation(), "{err:?}");
        User::insert(NewUser { name: "after".into(), hair_color: None }).exec(&tx).await?;
        tx.commit().await?;
        assert_eq!(User::query().count(&db).await?, 10 + copied + 1);
        Ok(())
    }
}
