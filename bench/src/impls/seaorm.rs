//! sea-orm 2, its documented way: an entity (2.0's dense format) and a `DatabaseConnection`
//! (a sqlx pool of up to 10), with sqlx's statement logging off as for covet and raw sqlx.

use super::{ACQUIRE_TIMEOUT, Client, OpError};
use crate::Error;
use crate::backend::Target;
use sea_orm::{ConnAcquireErr, ConnectOptions, Database, DatabaseConnection, DbErr, EntityTrait as _};
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
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub struct Conn {
    db: DatabaseConnection,
}

impl Conn {
    pub async fn connect(target: &Target, size: u32) -> Result<Conn, Error> {
        let mut options = ConnectOptions::new(target.url.clone());
        options
            .max_connections(size)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .sqlx_logging(false);
        Ok(Conn { db: Database::connect(options).await? })
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
}
