//! The availability zones of a region, each with its zone id, as Moto 5.2.5 lists them:
//! the regions whose zones differ from the usual three (`a` to `c`, ids `-az1` to `-az3`
//! in order) are listed; the ids of the others follow AWS's pattern (`euc1-az1` for
//! eu-central-1a). Default subnets are made one per zone.

/// An availability zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Zone {
    /// `us-east-1a`.
    pub(super) name: String,
    /// `use1-az6`: the zone's id, the same for every account (names are mapped per account).
    pub(super) id: String,
}

/// Regions whose zones are not `a`, `b`, `c` with ids `-az1`, `-az2`, `-az3`: (region,
/// [(zone letter, zone id)]).
const IRREGULAR: [(&str, &[(char, &str)]); 11] = [
    (
        "ap-northeast-1",
        &[('a', "apne1-az4"), ('c', "apne1-az1"), ('d', "apne1-az2")],
    ),
    (
        "ap-northeast-2",
        &[
            ('a', "apne2-az1"),
            ('b', "apne2-az2"),
            ('c', "apne2-az3"),
            ('d', "apne2-az4"),
        ],
    ),
    (
        "ap-south-1",
        &[('a', "aps1-az1"), ('b', "aps1-az3"), ('c', "aps1-az2")],
    ),
    (
        "ap-southeast-2",
        &[('a', "apse2-az1"), ('b', "apse2-az3"), ('c', "apse2-az2")],
    ),
    (
        "ca-central-1",
        &[('a', "cac1-az1"), ('b', "cac1-az2"), ('d', "cac1-az4")],
    ),
    (
        "eu-west-1",
        &[('a', "euw1-az3"), ('b', "euw1-az1"), ('c', "euw1-az2")],
    ),
    (
        "eu-west-2",
        &[('a', "euw2-az2"), ('b', "euw2-az3"), ('c', "euw2-az1")],
    ),
    (
        "us-east-1",
        &[
            ('a', "use1-az6"),
            ('b', "use1-az1"),
            ('c', "use1-az2"),
            ('d', "use1-az4"),
            ('e', "use1-az3"),
            ('f', "use1-az5"),
        ],
    ),
    ("us-west-1", &[('a', "usw1-az3"), ('b', "usw1-az1")]),
    (
        "us-west-2",
        &[
            ('a', "usw2-az2"),
            ('b', "usw2-az1"),
            ('c', "usw2-az3"),
            ('d', "usw2-az4"),
        ],
    ),
    ("cn-north-1", &[('a', "cnn1-az1"), ('b', "cnn1-az2")]),
];

/// The zones of `region`, in order.
pub(super) fn zones(region: &str) -> Vec<Zone> {
    let zone = |letter: char, id: String| Zone {
        name: format!("{region}{letter}"),
        id,
    };
    if let Some((_, zones)) = IRREGULAR.iter().find(|(name, _)| *name == region) {
        return zones
            .iter()
            .map(|(letter, id)| zone(*letter, (*id).to_owned()))
            .collect();
    }
    let short = short_name(region);
    ['a', 'b', 'c']
        .into_iter()
        .zip(1..)
        .map(|(letter, number)| zone(letter, format!("{short}-az{number}")))
        .collect()
}

/// A region's short name in zone ids: its area (`usg` for GovCloud), the initials of
/// the directions in its name (north and south before east and west, as in `apne`) and
/// its number: `euc1`, `apse2`, `usge1`.
fn short_name(region: &str) -> String {
    let area = if region.starts_with("us-gov-") {
        "usg"
    } else {
        region.split('-').next().unwrap_or_default()
    };
    let directions: String = ["north", "south", "central", "east", "west"]
        .iter()
        .filter(|direction| region.contains(*direction))
        .filter_map(|direction| direction.chars().next())
        .collect();
    let number = region.rsplit('-').next().unwrap_or_default();
    format!("{area}{directions}{number}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(region: &str) -> Vec<(String, String)> {
        zones(region)
            .into_iter()
            .map(|zone| (zone.name, zone.id))
            .collect()
    }

    #[test]
    fn us_east_1_has_six_zones_with_moto_s_ids() {
        let zones = zones("us-east-1");
        assert_eq!(zones.len(), 6);
        assert_eq!(
            zones[0],
            Zone {
                name: "us-east-1a".into(),
                id: "use1-az6".into()
            }
        );
        assert_eq!(zones[5].name, "us-east-1f");
    }

    #[test]
    fn regular_regions_number_their_zones_in_order() {
        assert_eq!(
            ids("eu-central-1"),
            [
                ("eu-central-1a".to_owned(), "euc1-az1".to_owned()),
                ("eu-central-1b".to_owned(), "euc1-az2".to_owned()),
                ("eu-central-1c".to_owned(), "euc1-az3".to_owned()),
            ]
        );
        assert_eq!(zones("ap-southeast-1")[1].id, "apse1-az2");
        assert_eq!(zones("ap-northeast-3")[0].id, "apne3-az1");
        assert_eq!(zones("us-gov-east-1")[2].id, "usge1-az3");
        assert_eq!(zones("sa-east-1")[0].id, "sae1-az1");
        assert_eq!(zones("cn-northwest-1")[0].id, "cnnw1-az1");
    }

    #[test]
    fn irregular_regions_keep_their_letters() {
        let names: Vec<String> = zones("ap-northeast-1")
            .into_iter()
            .map(|zone| zone.name)
            .collect();
        assert_eq!(
            names,
            ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]
        );
        assert_eq!(zones("us-west-1").len(), 2);
    }
}
