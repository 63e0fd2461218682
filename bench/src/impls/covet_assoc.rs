//! W5 through covet: models with relation fields, loaded eagerly with `.with` (one statement
//! per level) or by the naive loop a user writes without it (one statement per parent).
//! Separate from `covet.rs`'s `User` so W1–W4 decode a model without relation slots.

use super::{Nested, Tree};
use crate::Error;
use covet::prelude::*;
use std::hint::black_box;

#[derive(Model, Debug, Clone)]
#[covet(table = "users")]
pub struct User {
    #[covet(primary_key, auto_increment)]
    pub id: i32,
    pub name: String,
    pub hair_color: Option<String>,
    #[covet(has_many(Post, foreign_key = user_id))]
    pub posts: HasMany<Post>,
}

#[derive(Model, Debug, Clone)]
#[covet(table = "posts")]
pub struct Post {
    #[covet(primary_key, auto_increment)]
    pub id: i32,
    #[covet(references = User)]
    pub user_id: i32,
    pub title: String,
    pub body: Option<String>,
    #[covet(has_many(Comment, foreign_key = post_id))]
    pub comments: HasMany<Comment>,
}

#[derive(Model, Debug, Clone)]
#[covet(table = "comments")]
pub struct Comment {
    #[covet(primary_key, auto_increment)]
    pub id: i32,
    #[covet(references = Post)]
    pub post_id: i32,
    pub text: String,
}

/// Three statements: the users, their posts, the posts' comments.
pub async fn eager(db: &Db) -> Result<Tree, Error> {
    let users = User::query()
        .with(User::POSTS.with(Post::COMMENTS))
        .all(db)
        .await?;
    let users = black_box(users);
    let mut tree = Tree {
        users: users.len(),
        ..Tree::default()
    };
    for user in &users {
        let posts = user.posts.get()?;
        tree.posts += posts.len();
        for post in posts {
            tree.comments += post.comments.get()?.len();
        }
    }
    Ok(tree)
}

/// The users, then each user's posts, then each post's comments: 1 + 100 + 1,000 statements,
/// assembled into `Vec<(User, Vec<(Post, Vec<Comment>)>)>`.
pub async fn n_plus_one(db: &Db) -> Result<Tree, Error> {
    let mut out: Nested<User, Post, Comment> = Vec::new();
    for user in User::query().all(db).await? {
        let mut posts = Vec::new();
        for post in Post::query()
            .filter(Post::USER_ID.eq(user.id))
            .all(db)
            .await?
        {
            let comments = Comment::query()
                .filter(Comment::POST_ID.eq(post.id))
                .all(db)
                .await?;
            posts.push((post, comments));
        }
        out.push((user, posts));
    }
    Ok(Tree::of(&black_box(out)))
}
