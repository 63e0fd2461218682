//! The SQL of a migration, side by side for the three backends.

use super::*;
use crate::diff::{diff, reverse};
use crate::snapshot::{Column, ColumnType, Index, Snapshot, Table};

fn col(name: &str, ty: ColumnType) -> Column {
    Column::new(name, ty)
}

fn artists(extra: Vec<Column>) -> Snapshot {
    let mut columns = vec![
        Column {
            auto_increment: true,
            ..col("id", ColumnType::BigInt)
        },
        Column {
            max_length: Some(80),
            ..col("name", ColumnType::Text)
        },
    ];
    columns.extend(extra);
    Snapshot {
        format: crate::snapshot::FORMAT,
        tables: vec![Table {
            primary_key: vec!["id".into()],
            indexes: vec![Index {
                name: "artists_name_idx".into(),
                columns: vec!["name".into()],
                unique: false,
            }],
            ..Table::new("artists", columns)
        }],
    }
}

fn up_and_down(backend: Backend, old: &Snapshot, new: &Snapshot) -> (Vec<String>, Vec<String>) {
    let changes = diff(old, new);
    (
        render(backend, &changes, old, new),
        render(backend, &reverse(old, new), new, old),
    )
}

#[test]
fn nullable_column_added_in_place_everywhere() {
    let old = artists(vec![]);
    let new = artists(vec![Column {
        nullable: true,
        ..col("country", ColumnType::Text)
    }]);
    let got: Vec<_> = Backend::ALL
        .iter()
        .map(|b| up_and_down(*b, &old, &new))
        .collect();
    assert_eq!(
        got[0],
        (
            vec![r#"ALTER TABLE "artists" ADD COLUMN "country" TEXT"#.to_owned()],
            vec![r#"ALTER TABLE "artists" DROP COLUMN "country""#.to_owned()],
        )
    );
    assert_eq!(
        got[1],
        (
            vec!["ALTER TABLE `artists` ADD COLUMN `country` LONGTEXT".to_owned()],
            vec!["ALTER TABLE `artists` DROP COLUMN `country`".to_owned()],
        )
    );
    // SQLite adds in place, but drops by rebuilding.
    assert_eq!(
        got[2].0,
        [r#"ALTER TABLE "artists" ADD COLUMN "country" TEXT"#]
    );
    assert_eq!(
        got[2].1[0],
        r#"CREATE TABLE "_covet_new_artists_t" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "name" TEXT NOT NULL)"#
    );
}

#[test]
fn altered_and_renamed_column() {
    let old = artists(vec![]);
    let mut new = artists(vec![]);
    let name = &mut new.tables[0].columns[1];
    name.name = "full_name".into();
    name.renamed_from = Some("name".into());
    name.max_length = Some(120);
    new.tables[0].indexes[0] = Index {
        name: "artists_full_name_idx".into(),
        columns: vec!["full_name".into()],
        unique: false,
    };
    assert_eq!(
        up_and_down(Backend::Postgres, &old, &new).0,
        [
            r#"DROP INDEX "artists_name_idx""#,
            r#"ALTER TABLE "artists" RENAME COLUMN "name" TO "full_name""#,
            r#"ALTER TABLE "artists" ALTER COLUMN "full_name" TYPE VARCHAR(120) USING "full_name"::VARCHAR(120)"#,
            r#"CREATE INDEX "artists_full_name_idx" ON "artists" ("full_name")"#,
        ]
    );
    assert_eq!(
        up_and_down(Backend::MySql, &old, &new).1,
        [
            "DROP INDEX `artists_full_name_idx` ON `artists`",
            "ALTER TABLE `artists` RENAME COLUMN `full_name` TO `name`",
            "ALTER TABLE `artists` MODIFY COLUMN `name` VARCHAR(80) NOT NULL",
            "CREATE INDEX `artists_name_idx` ON `artists` (`name`)",
        ]
    );
    assert_eq!(
        up_and_down(Backend::Sqlite, &old, &new).0,
        [
            r#"CREATE TABLE "_covet_new_artists_t" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "full_name" TEXT NOT NULL)"#,
            r#"INSERT INTO "_covet_new_artists_t" ("id", "full_name") SELECT "id", "name" FROM "artists""#,
            r#"DROP TABLE "artists""#,
            "PRAGMA legacy_alter_table = ON",
            r#"ALTER TABLE "_covet_new_artists_t" RENAME TO "artists""#,
            "PRAGMA legacy_alter_table = OFF",
            r#"CREATE INDEX "artists_full_name_idx" ON "artists" ("full_name")"#,
        ]
    );
}

#[test]
fn renamed_table_and_unique_constraint() {
    let old = artists(vec![]);
    let mut new = artists(vec![]);
    new.tables[0].name = "performers".into();
    new.tables[0].renamed_from = Some("artists".into());
    new.tables[0].indexes.push(Index {
        name: "performers_name_key".into(),
        columns: vec!["name".into()],
        unique: true,
    });
    assert_eq!(
        up_and_down(Backend::Postgres, &old, &new),
        (
            vec![
                r#"ALTER TABLE "artists" RENAME TO "performers""#.to_owned(),
                r#"ALTER TABLE "performers" RENAME CONSTRAINT "artists_pkey" TO "performers_pkey""#
                    .to_owned(),
                r#"ALTER TABLE "performers" ADD CONSTRAINT "performers_name_key" UNIQUE ("name")"#
                    .to_owned(),
            ],
            vec![
                r#"ALTER TABLE "performers" RENAME TO "artists""#.to_owned(),
                r#"ALTER TABLE "artists" RENAME CONSTRAINT "performers_pkey" TO "artists_pkey""#
                    .to_owned(),
                r#"ALTER TABLE "artists" DROP CONSTRAINT "performers_name_key""#.to_owned(),
            ]
        )
    );
    let (up, down) = up_and_down(Backend::Sqlite, &old, &new);
    assert_eq!(up[0], r#"ALTER TABLE "artists" RENAME TO "performers""#);
    assert_eq!(
        up[1],
        r#"CREATE TABLE "_covet_new_performers_t" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "name" TEXT NOT NULL, CONSTRAINT "performers_name_key" UNIQUE ("name"))"#
    );
    assert_eq!(down[0], r#"ALTER TABLE "performers" RENAME TO "artists""#);
    assert_eq!(
        down[1],
        r#"CREATE TABLE "_covet_new_artists_t" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "name" TEXT NOT NULL)"#
    );
}

/// InnoDB keeps an index for every foreign key: the last index covering one is replaced by
/// the index InnoDB would have made before it is dropped, and the index InnoDB made goes
/// with its key. Other backends have neither.
#[test]
fn mariadb_foreign_key_indexes_follow_their_keys() {
    use crate::snapshot::{Action, ForeignKey};
    let with = |index: bool, key: bool| {
        let mut s = artists(vec![col("label_id", ColumnType::BigInt)]);
        let t = &mut s.tables[0];
        t.indexes.clear();
        if index {
            t.indexes.push(Index {
                name: "artists_label_id_idx".into(),
                columns: vec!["label_id".into()],
                unique: false,
            });
        }
        if key {
            t.foreign_keys.push(ForeignKey {
                name: "artists_label_id_fkey".into(),
                columns: vec!["label_id".into()],
                ref_table: "artists".into(),
                ref_columns: vec!["id".into()],
                on_delete: Action::NoAction,
                on_update: Action::NoAction,
            });
        }
        s
    };
    let (up, down) = up_and_down(Backend::MySql, &with(true, true), &with(false, true));
    assert_eq!(
        up,
        [
            "CREATE INDEX `artists_label_id_fkey` ON `artists` (`label_id`)",
            "DROP INDEX `artists_label_id_idx` ON `artists`",
        ]
    );
    assert_eq!(
        down,
        ["CREATE INDEX `artists_label_id_idx` ON `artists` (`label_id`)"]
    );
    let (up, _) = up_and_down(Backend::MySql, &with(false, true), &with(false, false));
    assert_eq!(
        up,
        [
            "ALTER TABLE `artists` DROP FOREIGN KEY `artists_label_id_fkey`",
            "DROP INDEX `artists_label_id_fkey` ON `artists`",
        ]
    );
    // Covered by an index of its own, the key leaves nothing behind.
    let (up, _) = up_and_down(Backend::MySql, &with(true, true), &with(true, false));
    assert_eq!(
        up,
        ["ALTER TABLE `artists` DROP FOREIGN KEY `artists_label_id_fkey`"]
    );
    let (up, _) = up_and_down(Backend::Postgres, &with(true, true), &with(false, true));
    assert_eq!(up, [r#"DROP INDEX "artists_label_id_idx""#]);
}
