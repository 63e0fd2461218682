//! The SQL of each `ALTER`, side by side for the three backends.

use super::*;
use crate::schema::{CheckRule, DecimalLiteral, FkAction, Number, Precision, SqlType};

const ALL: [Backend; 3] = [Backend::Postgres, Backend::MySql, Backend::Sqlite];

fn col(name: &str, ty: SqlType) -> ColumnSpec<'_> {
    ColumnSpec {
        name,
        ty,
        nullable: false,
        auto_increment: false,
        default: None,
        max_length: None,
        precision: None,
    }
}

fn each<T>(f: impl Fn(Backend) -> T) -> [T; 3] {
    ALL.map(f)
}

#[test]
fn renames() {
    assert_eq!(
        each(|b| rename_table(b, "albums", "records", true)),
        [
            vec![
                r#"ALTER TABLE "albums" RENAME TO "records""#.to_owned(),
                r#"ALTER TABLE "records" RENAME CONSTRAINT "albums_pkey" TO "records_pkey""#
                    .to_owned()
            ],
            vec!["ALTER TABLE `albums` RENAME TO `records`".to_owned()],
            vec![r#"ALTER TABLE "albums" RENAME TO "records""#.to_owned()],
        ]
    );
    assert_eq!(
        each(|b| rename_column(b, "albums", "name", "title")),
        [
            r#"ALTER TABLE "albums" RENAME COLUMN "name" TO "title""#,
            "ALTER TABLE `albums` RENAME COLUMN `name` TO `title`",
            r#"ALTER TABLE "albums" RENAME COLUMN "name" TO "title""#,
        ]
    );
}

#[test]
fn columns_added_and_dropped() {
    let plays = ColumnSpec {
        default: Some("0"),
        ..col("plays", SqlType::Int)
    };
    assert_eq!(
        each(|b| add_column(b, "albums", &plays, false)),
        [
            r#"ALTER TABLE "albums" ADD COLUMN "plays" INTEGER NOT NULL DEFAULT 0"#,
            "ALTER TABLE `albums` ADD COLUMN `plays` INT NOT NULL DEFAULT 0",
            r#"ALTER TABLE "albums" ADD COLUMN "plays" INTEGER NOT NULL DEFAULT 0"#,
        ]
    );
    assert_eq!(
        each(|b| drop_column(b, "albums", "plays")),
        [
            r#"ALTER TABLE "albums" DROP COLUMN "plays""#,
            "ALTER TABLE `albums` DROP COLUMN `plays`",
            r#"ALTER TABLE "albums" DROP COLUMN "plays""#,
        ]
    );
}

#[test]
fn column_altered_in_place_or_rebuilt() {
    let old = ColumnSpec {
        nullable: true,
        ..col("title", SqlType::Text)
    };
    let new = ColumnSpec {
        max_length: Some(80),
        default: Some("'untitled'"),
        ..col("title", SqlType::Text)
    };
    assert_eq!(
        each(|b| alter_column(b, "albums", &old, &new, false)),
        [
            Some(vec![
                r#"ALTER TABLE "albums" ALTER COLUMN "title" TYPE VARCHAR(80) USING "title"::VARCHAR(80)"#.to_owned(),
                r#"ALTER TABLE "albums" ALTER COLUMN "title" SET NOT NULL"#.to_owned(),
                r#"ALTER TABLE "albums" ALTER COLUMN "title" SET DEFAULT 'untitled'"#.to_owned(),
            ]),
            Some(vec![
                "ALTER TABLE `albums` MODIFY COLUMN `title` VARCHAR(80) NOT NULL DEFAULT 'untitled'"
                    .to_owned()
            ]),
            None,
        ]
    );
    assert_eq!(
        alter_column(Backend::Postgres, "albums", &new, &old, false).unwrap(),
        [
            r#"ALTER TABLE "albums" ALTER COLUMN "title" DROP DEFAULT"#,
            r#"ALTER TABLE "albums" ALTER COLUMN "title" TYPE TEXT USING "title"::TEXT"#,
            r#"ALTER TABLE "albums" ALTER COLUMN "title" DROP NOT NULL"#,
        ]
    );
}

#[test]
fn constraints_and_indexes() {
    let unique = IndexSpec {
        name: "albums_title_key",
        columns: vec!["title"],
        unique: true,
    };
    assert_eq!(
        each(|b| add_unique(b, "albums", &unique)),
        [
            Some(
                r#"ALTER TABLE "albums" ADD CONSTRAINT "albums_title_key" UNIQUE ("title")"#
                    .to_owned()
            ),
            Some(
                "ALTER TABLE `albums` ADD CONSTRAINT `albums_title_key` UNIQUE (`title`)"
                    .to_owned()
            ),
            None,
        ]
    );
    assert_eq!(
        each(|b| drop_constraint(b, "albums", ConstraintKind::Unique, "albums_title_key")),
        [
            Some(r#"ALTER TABLE "albums" DROP CONSTRAINT "albums_title_key""#.to_owned()),
            Some("ALTER TABLE `albums` DROP INDEX `albums_title_key`".to_owned()),
            None,
        ]
    );
    let fk = ForeignKeySpec {
        name: "albums_artist_id_fkey",
        columns: vec!["artist_id"],
        ref_table: "artists",
        ref_columns: vec!["id"],
        on_delete: FkAction::Cascade,
        on_update: FkAction::NoAction,
    };
    assert_eq!(
        each(|b| add_foreign_key(b, "albums", &fk)),
        [
            Some(r#"ALTER TABLE "albums" ADD CONSTRAINT "albums_artist_id_fkey" FOREIGN KEY ("artist_id") REFERENCES "artists" ("id") ON DELETE CASCADE ON UPDATE NO ACTION"#.to_owned()),
            Some("ALTER TABLE `albums` ADD CONSTRAINT `albums_artist_id_fkey` FOREIGN KEY (`artist_id`) REFERENCES `artists` (`id`) ON DELETE CASCADE ON UPDATE NO ACTION".to_owned()),
            None,
        ]
    );
    assert_eq!(
        each(|b| drop_constraint(
            b,
            "albums",
            ConstraintKind::ForeignKey,
            "albums_artist_id_fkey"
        )),
        [
            Some(r#"ALTER TABLE "albums" DROP CONSTRAINT "albums_artist_id_fkey""#.to_owned()),
            Some("ALTER TABLE `albums` DROP FOREIGN KEY `albums_artist_id_fkey`".to_owned()),
            None,
        ]
    );
    assert_eq!(
        each(|b| drop_index(b, "albums", "albums_title_idx")),
        [
            r#"DROP INDEX "albums_title_idx""#,
            "DROP INDEX `albums_title_idx` ON `albums`",
            r#"DROP INDEX "albums_title_idx""#,
        ]
    );
    assert_eq!(
        each(|b| set_primary_key(b, "albums", true, &["id", "title"])),
        [
            Some(r#"ALTER TABLE "albums" DROP CONSTRAINT "albums_pkey", ADD PRIMARY KEY ("id", "title")"#.to_owned()),
            Some("ALTER TABLE `albums` DROP PRIMARY KEY, ADD PRIMARY KEY (`id`, `title`)".to_owned()),
            None,
        ]
    );
}

#[test]
fn sqlite_rebuild_recipe() {
    let table = TableSpec {
        name: "albums",
        columns: vec![
            ColumnSpec {
                auto_increment: true,
                ..col("id", SqlType::BigInt)
            },
            col("title", SqlType::Text),
        ],
        primary_key: vec!["id"],
        indexes: vec![IndexSpec {
            name: "albums_title_idx",
            columns: vec!["title"],
            unique: false,
        }],
        foreign_keys: vec![],
        checks: vec![],
    };
    assert_eq!(
        rebuild_table(
            Backend::Sqlite,
            &table,
            "albums",
            &[("id", "id"), ("title", "name")]
        ),
        [
            r#"CREATE TABLE "_covet_new_albums_t" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "title" TEXT NOT NULL)"#,
            r#"INSERT INTO "_covet_new_albums_t" ("id", "title") SELECT "id", "name" FROM "albums""#,
            r#"DROP TABLE "albums""#,
            "PRAGMA legacy_alter_table = ON",
            r#"ALTER TABLE "_covet_new_albums_t" RENAME TO "albums""#,
            "PRAGMA legacy_alter_table = OFF",
            r#"CREATE INDEX "albums_title_idx" ON "albums" ("title")"#,
        ]
    );
    assert_eq!(primary_key_name(&"t".repeat(63)).len(), 63);
}

#[test]
fn checks_and_decimal_precision() {
    let price = CheckSpec {
        name: "albums_price_check",
        rule: CheckRule::Range {
            column: "price",
            min: Some(Number::Int(-5)),
            max: Some(Number::Decimal(DecimalLiteral::new("99.5").unwrap())),
        },
    };
    assert_eq!(
        each(|b| add_check(b, "albums", &price)),
        [
            Some(r#"ALTER TABLE "albums" ADD CONSTRAINT "albums_price_check" CHECK ("price" >= -5 AND "price" <= 99.5)"#.to_owned()),
            Some("ALTER TABLE `albums` ADD CONSTRAINT `albums_price_check` CHECK (`price` >= -5 AND `price` <= 99.5)".to_owned()),
            None,
        ]
    );
    let title = CheckSpec {
        name: "albums_title_check",
        rule: CheckRule::Length {
            column: "title",
            min: Some(1),
            max: None,
        },
    };
    let mut w = SqlWriter::new(Backend::Sqlite);
    ddl::check_constraint(&mut w, &title);
    assert_eq!(
        w.finish(),
        r#"CONSTRAINT "albums_title_check" CHECK (length("title") >= 1)"#
    );
    assert_eq!(
        each(|b| add_check(b, "albums", &title).unwrap_or_default()),
        [
            r#"ALTER TABLE "albums" ADD CONSTRAINT "albums_title_check" CHECK (char_length("title") >= 1)"#,
            "ALTER TABLE `albums` ADD CONSTRAINT `albums_title_check` CHECK (CHAR_LENGTH(`title`) >= 1)",
            "",
        ]
    );
    assert_eq!(
        each(|b| drop_constraint(b, "albums", ConstraintKind::Check, "albums_title_check")),
        [
            Some(r#"ALTER TABLE "albums" DROP CONSTRAINT "albums_title_check""#.to_owned()),
            Some("ALTER TABLE `albums` DROP CONSTRAINT `albums_title_check`".to_owned()),
            None,
        ]
    );

    let old = col("price", SqlType::Decimal);
    let new = ColumnSpec {
        precision: Some(Precision {
            digits: 10,
            scale: 2,
        }),
        ..old
    };
    assert_eq!(
        each(|b| alter_column(b, "albums", &old, &new, false)),
        [
            Some(vec![r#"ALTER TABLE "albums" ALTER COLUMN "price" TYPE NUMERIC(10, 2) USING "price"::NUMERIC(10, 2)"#.to_owned()]),
            Some(vec!["ALTER TABLE `albums` MODIFY COLUMN `price` DECIMAL(10, 2) NOT NULL".to_owned()]),
            None,
        ]
    );
    assert_eq!(
        add_column(Backend::Sqlite, "albums", &new, false),
        r#"ALTER TABLE "albums" ADD COLUMN "price" NUMERIC(10, 2) NOT NULL"#
    );
}
