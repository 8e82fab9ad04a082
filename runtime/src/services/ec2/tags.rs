//! The tags of a region's resources, with no HTTP.
//!
//! Kept in the order they were first set, resource by resource and key by key, as Moto
//! keeps them: DescribeTags and every `Tags` list answer in that order (AWS documents no
//! order), and a tag set again keeps its place.

/// Every tagged resource of a region, with its tags.
#[derive(Debug, Clone, Default)]
pub(super) struct ResourceTags {
    /// Resource ids in the order they were first tagged, each with its tags in order.
    resources: Vec<(String, Vec<(String, String)>)>,
}

impl ResourceTags {
    /// The tags of `resource`, in order (none when it was never tagged).
    pub(super) fn of(&self, resource: &str) -> &[(String, String)] {
        self.resources
            .iter()
            .find(|(id, _)| id == resource)
            .map_or(&[], |(_, tags)| tags.as_slice())
    }

    /// The value of `resource`'s tag `key`.
    pub(super) fn value(&self, resource: &str, key: &str) -> Option<&str> {
        self.of(resource)
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.as_str())
    }

    /// Sets `key` on `resource`: a new key goes last, an existing one keeps its place.
    pub(super) fn set(&mut self, resource: &str, key: &str, value: &str) {
        let tags = self.tags_mut(resource);
        match tags.iter_mut().find(|(name, _)| name == key) {
            Some((_, existing)) => value.clone_into(existing),
            None => tags.push((key.to_owned(), value.to_owned())),
        }
    }

    /// Sets every tag of `tags` on `resource`, in order.
    pub(super) fn extend(&mut self, resource: &str, tags: &[(String, String)]) {
        for (key, value) in tags {
            self.set(resource, key, value);
        }
    }

    /// Removes `resource`'s tag `key`, only when it has `value` if one is given.
    pub(super) fn remove(&mut self, resource: &str, key: &str, value: Option<&str>) {
        if let Some((_, tags)) = self.resources.iter_mut().find(|(id, _)| id == resource) {
            tags.retain(|(name, existing)| {
                name != key || value.is_some_and(|wanted| wanted != existing)
            });
        }
    }

    /// Removes every tag of `resource`.
    pub(super) fn clear(&mut self, resource: &str) {
        if let Some((_, tags)) = self.resources.iter_mut().find(|(id, _)| id == resource) {
            tags.clear();
        }
    }

    /// Forgets `resource` and its tags (it no longer exists).
    pub(super) fn forget(&mut self, resource: &str) {
        self.resources.retain(|(id, _)| id != resource);
    }

    /// Every tagged resource with its tags, in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, &[(String, String)])> {
        self.resources
            .iter()
            .map(|(id, tags)| (id.as_str(), tags.as_slice()))
    }

    fn tags_mut(&mut self, resource: &str) -> &mut Vec<(String, String)> {
        let index = match self.resources.iter().position(|(id, _)| id == resource) {
            Some(index) => index,
            None => {
                self.resources.push((resource.to_owned(), Vec::new()));
                self.resources.len() - 1
            }
        };
        &mut self.resources[index].1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(tags: &ResourceTags, resource: &str) -> Vec<String> {
        tags.of(resource)
            .iter()
            .map(|(key, _)| key.clone())
            .collect()
    }

    #[test]
    fn tags_keep_the_order_they_were_first_set_in() {
        let mut tags = ResourceTags::default();
        tags.set("sg-2", "team", "core");
        tags.set("i-1", "team", "core");
        tags.set("i-1", "env", "dev");
        tags.set("i-1", "cost", "42");
        tags.set("i-1", "team", "edge");
        assert_eq!(keys(&tags, "i-1"), ["team", "env", "cost"]);
        assert_eq!(tags.value("i-1", "team"), Some("edge"));
        let resources: Vec<&str> = tags.iter().map(|(id, _)| id).collect();
        assert_eq!(resources, ["sg-2", "i-1"]);
    }

    #[test]
    fn a_value_given_on_removal_must_match() {
        let mut tags = ResourceTags::default();
        tags.set("i-1", "team", "core");
        tags.set("i-1", "env", "dev");
        tags.remove("i-1", "team", Some("other"));
        assert_eq!(keys(&tags, "i-1"), ["team", "env"]);
        tags.remove("i-1", "team", Some("core"));
        tags.remove("i-1", "env", None);
        assert!(tags.of("i-1").is_empty());
        tags.set("i-1", "new", "");
        tags.clear("i-1");
        assert!(tags.of("i-1").is_empty());
        tags.forget("i-1");
        assert_eq!(tags.iter().count(), 0);
    }
}
