//! sea-orm 2, its documented way: an entity (2.0's dense format) and a `DatabaseConnection`
//! (a sqlx pool of up to 10), with sqlx's statement logging off as for covet and raw sqlx.

use super::{ACQUIRE_TIMEOUT, Client, OpError};
use crate::Error;
use crate::backend::Target;
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, ConnAcquireErr, ConnectOptions, Database,
    DatabaseConnection, DbErr, EntityTrait as _, LoaderTrait as _, ModelTrait as _,
    QueryFilter as _,
};
use std::hint::black_box;

pub mod user {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub name: String,
        pub hair_color: Option<String>,
        #[sea_orm(has_many)]
        pub posts: HasMany<super::post::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod post {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "posts")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub user_id: i32,
        pub title: String,
        pub body: Option<String>,
        #[sea_orm(belongs_to, from = "user_id", to = "id")]
        pub user: BelongsTo<super::user::Entity>,
        #[sea_orm(has_many)]
        pub comments: HasMany<super::comment::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod comment {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "comments")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub post_id: i32,
        pub text: String,
        #[sea_orm(belongs_to, from = "post_id", to = "id")]
        pub post: BelongsTo<super::post::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

type Tree = Vec<(user::Model, Vec<(post::Model, Vec<comment::Model>)>)>;

pub struct Conn {
    db: DatabaseConnection,
}

impl Conn {
    pub async fn connect(target: &Target, size: u32) -> Result<Conn, Error> {
        let mut options = ConnectOptions::new(target.url.clone());
        options
            .max_connections(size)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .sqlx_logging(false)
            // WAL with `synchronous = NORMAL` on SQLite, as covet and every other implementation.
            .map_sqlx_sqlite_opts(|o| {
                o.journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                    .synchronous(sqlx::sqlite::SqliteSynchronous::Normal)
            });
        Ok(Conn {
            db: Database::connect(options).await?,
        })
    }

    pub async fn pooled_lookup(&self, id: i32) -> Result<Option<i32>, OpError> {
        match user::Entity::find_by_id(id).one(&self.db).await {
            Ok(u) => Ok(black_box(u).map(|u| u.id)),
            Err(DbErr::ConnectionAcquire(ConnAcquireErr::Timeout)) => Err(OpError::Timeout),
            Err(e) => Err(OpError::other(e)),
        }
    }
}

impl Client for Conn {
    async fn pk_lookup(&mut self, id: i32) -> Result<Option<i32>, Error> {
        let user = user::Entity::find_by_id(id).one(&self.db).await?;
        Ok(black_box(user).map(|u| u.id))
    }

    async fn all_users(&mut self) -> Result<usize, Error> {
        let users = user::Entity::find().all(&self.db).await?;
        Ok(black_box(users).len())
    }

    async fn black_haired_with_posts(&mut self) -> Result<usize, Error> {
        let pairs = user::Entity::find()
            .find_also_related(post::Entity)
            .filter(user::Column::HairColor.eq("black"))
            .all(&self.db)
            .await?;
        Ok(black_box(pairs).len())
    }

    /// Eager: the `LoaderTrait` (`load_many`, one `IN` query per level), as sea-orm documents
    /// for nested relations. N+1: `find_related` per parent.
    async fn associations(&mut self, eager: bool) -> Result<super::Tree, Error> {
        let db = &self.db;
        let (tree, queries): (Tree, u64) = if eager {
            let users = user::Entity::find().all(db).await?;
            let posts = users.load_many(post::Entity, db).await?;
            let per_user: Vec<usize> = posts.iter().map(Vec::len).collect();
            let posts: Vec<post::Model> = posts.into_iter().flatten().collect();
            let comments = posts.load_many(comment::Entity, db).await?;
            let mut pairs = posts.into_iter().zip(comments);
            let tree = users
                .into_iter()
                .zip(per_user)
                .map(|(u, n)| (u, pairs.by_ref().take(n).collect()))
                .collect();
            (tree, 3)
        } else {
            let mut out: Tree = Vec::new();
            let mut queries = 1;
            for u in user::Entity::find().all(db).await? {
                let posts = u.find_related(post::Entity).all(db).await?;
                queries += 1;
                let mut ps = Vec::new();
                for p in posts {
                    let cs = p.find_related(comment::Entity).all(db).await?;
                    queries += 1;
                    ps.push((p, cs));
                }
                out.push((u, ps));
            }
            (out, queries)
        };
        let tree = black_box(tree);
        Ok(super::Tree {
            queries,
            ..super::Tree::of(&tree)
        })
    }

    async fn insert_users(&mut self, n: usize) -> Result<u64, Error> {
        let rows = (1..=n).map(|i| user::ActiveModel {
            name: Set(crate::data::user_name(i)),
            hair_color: Set(crate::data::hair_color(i).map(str::to_owned)),
            ..Default::default()
        });
        Ok(user::Entity::insert_many(rows)
            .exec_without_returning(&self.db)
            .await?)
    }
}
