//! A chain of 42 models linked by relation fields compiles without raising `recursion_limit`
//! (the relation fields' auto traits do not depend on their targets), and loads like any
//! other relation.

use super::*;

/// A model in the middle of the chain: belongs to `$prev`, has many `$next`.
macro_rules! link {
    ($($name:ident, $table:tt, $prev:ident, $next:ident;)*) => {$(
        #[derive(Model, Debug, Clone, PartialEq)]
        #[covet(table = $table)]
        pub(crate) struct $name {
            #[covet(primary_key, auto_increment)]
            pub(crate) id: i64,
            pub(crate) n: i32,
            #[covet(references = $prev, on_delete = cascade)]
            pub(crate) parent_id: i64,
            #[covet(belongs_to($prev, foreign_key = parent_id))]
            pub(crate) parent: BelongsTo<$prev>,
            #[covet(has_many($next, foreign_key = parent_id))]
            pub(crate) children: HasMany<$next>,
        }
    )*};
}

/// The head of the chain.
#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "chain_00")]
pub(crate) struct C00 {
    #[covet(primary_key, auto_increment)]
    pub(crate) id: i64,
    pub(crate) n: i32,
    #[covet(has_many(C01, foreign_key = parent_id))]
    pub(crate) children: HasMany<C01>,
}

link! {
    C01, "chain_01", C00, C02;
    C02, "chain_02", C01, C03;
    C03, "chain_03", C02, C04;
    C04, "chain_04", C03, C05;
    C05, "chain_05", C04, C06;
    C06, "chain_06", C05, C07;
    C07, "chain_07", C06, C08;
    C08, "chain_08", C07, C09;
    C09, "chain_09", C08, C10;
    C10, "chain_10", C09, C11;
    C11, "chain_11", C10, C12;
    C12, "chain_12", C11, C13;
    C13, "chain_13", C12, C14;
    C14, "chain_14", C13, C15;
    C15, "chain_15", C14, C16;
    C16, "chain_16", C15, C17;
    C17, "chain_17", C16, C18;
    C18, "chain_18", C17, C19;
    C19, "chain_19", C18, C20;
    C20, "chain_20", C19, C21;
    C21, "chain_21", C20, C22;
    C22, "chain_22", C21, C23;
    C23, "chain_23", C22, C24;
    C24, "chain_24", C23, C25;
    C25, "chain_25", C24, C26;
    C26, "chain_26", C25, C27;
    C27, "chain_27", C26, C28;
    C28, "chain_28", C27, C29;
    C29, "chain_29", C28, C30;
    C30, "chain_30", C29, C31;
    C31, "chain_31", C30, C32;
    C32, "chain_32", C31, C33;
    C33, "chain_33", C32, C34;
    C34, "chain_34", C33, C35;
    C35, "chain_35", C34, C36;
    C36, "chain_36", C35, C37;
    C37, "chain_37", C36, C38;
    C38, "chain_38", C37, C39;
    C39, "chain_39", C38, C40;
    C40, "chain_40", C39, C41;
}

/// The tail of the chain.
#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "chain_41")]
pub(crate) struct C41 {
    #[covet(primary_key, auto_increment)]
    pub(crate) id: i64,
    pub(crate) n: i32,
    #[covet(references = C40, on_delete = cascade)]
    pub(crate) parent_id: i64,
    #[covet(belongs_to(C40, foreign_key = parent_id))]
    pub(crate) parent: BelongsTo<C40>,
}

/// Every model of the chain is a `Model` (so `Send + Sync + Unpin`) and its fields clone and
/// compare: the checks that overflowed the recursion limit.
const fn usable<M: Model + Clone + PartialEq + std::fmt::Debug>() {}
const _: () = {
    usable::<C00>();
    usable::<C20>();
    usable::<C41>();
};

/// A middle row's `n` with its leaves' `n`.
type Level2 = (i32, Vec<i32>);

/// Two heads, three middles (2 under the first head), five leaves (3 under the first middle).
async fn first_three_levels(db: &Db) -> covet::Result<()> {
    covet::ddl::create_table::<C00>(db).await?;
    covet::ddl::create_table::<C01>(db).await?;
    covet::ddl::create_table::<C02>(db).await?;
    let heads = C00::insert_many((0..2).map(|n| NewC00 { n }))
        .exec(db)
        .await?;
    let middles = [(0, 10), (0, 11), (1, 12)].map(|(h, n)| NewC01 {
        n,
        parent_id: heads[h].id,
    });
    let middles = C01::insert_many(middles).exec(db).await?;
    let leaves = [(0, 20), (0, 21), (0, 22), (1, 23), (2, 24)].map(|(m, n)| NewC02 {
        n,
        parent_id: middles[m].id,
    });
    C02::insert_many(leaves).exec(db).await?;
    Ok(())
}

on_every_backend! {
    async fn a_long_chain_loads_two_levels_down_in_three_statements(db: Db) {
        first_three_levels(&db).await?;
        let (heads, n) = counted(&db, C00::query()
            .order_by(C00::N.asc())
            .with(C00::CHILDREN.order_by(C01::N.asc())
                .with(C01::CHILDREN.order_by(C02::N.asc())))
            .all(&db)).await?;
        assert_eq!(n, 3, "heads, middles, leaves");
        let tree: Vec<(i32, Vec<Level2>)> = heads
            .iter()
            .map(|h| Ok((h.n, h.children.get()?.iter()
                .map(|m| Ok((m.n, m.children.get()?.iter().map(|l| l.n).collect())))
                .collect::<covet::Result<_>>()?)))
            .collect::<covet::Result<_>>()?;
        assert_eq!(tree, [(0, vec![(10, vec![20, 21, 22]), (11, vec![23])]), (1, vec![(12, vec![24])])]);
        // The third level's own relations were not asked for.
        let leaf = &heads[0].children.get()?[0].children.get()?[0];
        assert!(!leaf.children.is_loaded() && !leaf.parent.is_loaded());
        // Clone and compare the loaded tree as the derives did before.
        assert_eq!(heads.clone(), heads);
        assert_ne!(heads[0], heads[1]);

        // And back up: leaves to their middle to its head.
        let (leaves, n) = counted(&db, C02::query()
            .order_by(C02::N.asc())
            .with(C02::PARENT.with(C01::PARENT))
            .all(&db)).await?;
        assert_eq!(n, 3, "leaves, middles, heads");
        let up: Vec<(i32, i32, i32)> = leaves
            .iter()
            .map(|l| {
                let m = l.parent.get()?.ok_or(covet::Error::NotLoaded { relation: "parent" })?;
                let h = m.parent.get()?.ok_or(covet::Error::NotLoaded { relation: "parent" })?;
                Ok((l.n, m.n, h.n))
            })
            .collect::<covet::Result<_>>()?;
        assert_eq!(up, [(20, 10, 0), (21, 10, 0), (22, 10, 0), (23, 11, 0), (24, 12, 1)]);
        Ok(())
    }
}
