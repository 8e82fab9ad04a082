//! Launch templates, with no HTTP: numbered versions of launch parameters.

use std::time::SystemTime;

use serde_json::Value;

/// A launch template.
#[derive(Debug, Clone)]
pub(super) struct LaunchTemplate {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) create_time: SystemTime,
    pub(super) default_version: u64,
    /// Versions 1, 2, ... in order.
    pub(super) versions: Vec<TemplateVersion>,
}

/// One version of a launch template.
#[derive(Debug, Clone)]
pub(super) struct TemplateVersion {
    pub(super) number: u64,
    pub(super) description: Option<String>,
    pub(super) create_time: SystemTime,
    /// The launch parameters, a `RequestLaunchTemplateData` in neutral form.
    pub(super) data: Value,
}

impl LaunchTemplate {
    pub(super) fn latest_version(&self) -> u64 {
        self.versions.last().map_or(0, |version| version.number)
    }

    /// The version `selector` names: a number, `$Latest` or `$Default` (none: the
    /// default version, as RunInstances takes it).
    pub(super) fn version(&self, selector: Option<&str>) -> Option<&TemplateVersion> {
        let number = match selector {
            None | Some("$Default") => self.default_version,
            Some("$Latest") => self.latest_version(),
            Some(text) => text.parse().ok()?,
        };
        self.versions
            .iter()
            .find(|version| version.number == number)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn versions_are_found_by_number_or_alias() {
        let version = |number| TemplateVersion {
            number,
            description: None,
            create_time: SystemTime::UNIX_EPOCH,
            data: json!({"InstanceType": format!("t3.{number}")}),
        };
        let template = LaunchTemplate {
            id: "lt-1".into(),
            name: "web".into(),
            create_time: SystemTime::UNIX_EPOCH,
            default_version: 1,
            versions: vec![version(1), version(2)],
        };
        let number = |selector| template.version(selector).map(|v| v.number);
        assert_eq!(number(None), Some(1));
        assert_eq!(number(Some("$Default")), Some(1));
        assert_eq!(number(Some("$Latest")), Some(2));
        assert_eq!(number(Some("2")), Some(2));
        assert_eq!(number(Some("3")), None);
        assert_eq!(number(Some("two")), None);
    }
}
