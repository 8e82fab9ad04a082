//! EC2 through aws-sdk-ec2.

use aws_sdk_ec2::error::ProvideErrorMetadata as _;
use aws_sdk_ec2::types::{
    Filter, InstanceStateName, InstanceType, IpPermission, IpRange, ResourceType, Tag,
    TagSpecification,
};
use moto_recorded::recording::Recording;

use crate::support::{ec2_in, fixture, replayed, server};

/// The first instance a backend seeded with 42 launches. RunInstances draws the
/// reservation id first and then the instance ids, so this is the second EC2-shaped id of
/// the seed-42 sequence (`random`'s golden values: `i-e0fea209dfd5ae07c`,
/// `r-a5cf6f056be383c3e`, ... with other prefixes).
const FIRST_INSTANCE_ID_SEED_42: &str = "i-a5cf6f056be383c3e";

fn name_tag(value: &str) -> TagSpecification {
    TagSpecification::builder()
        .resource_type(ResourceType::Instance)
        .tags(Tag::builder().key("Name").value(value).build())
        .build()
}

async fn launch(client: &aws_sdk_ec2::Client, name: &str) -> String {
    let reservation = client
        .run_instances()
        .image_id("ami-12c6146b")
        .instance_type(InstanceType::T2Micro)
        .min_count(1)
        .max_count(1)
        .tag_specifications(name_tag(name))
        .send()
        .await
        .unwrap();
    reservation.instances()[0].instance_id().unwrap().to_owned()
}

#[tokio::test]
async fn the_first_instance_id_of_seed_42_is_the_same_everywhere() {
    let server = server();
    let client = ec2_in(&server, "us-east-1");
    let reservation = client
        .run_instances()
        .image_id("ami-12c6146b")
        .min_count(1)
        .max_count(1)
        .send()
        .await
        .unwrap();
    let instance = &reservation.instances()[0];
    assert_eq!(instance.instance_id(), Some(FIRST_INSTANCE_ID_SEED_42));
    assert_eq!(
        instance.state().unwrap().name(),
        Some(&InstanceStateName::Pending)
    );
    assert_eq!(instance.launch_time().unwrap().secs(), 1_704_067_200);
    assert_eq!(instance.private_ip_address(), Some("172.31.0.4"));
}

#[tokio::test]
async fn reads_in_between_never_shift_ids() {
    let quiet = server();
    let busy = server();
    let quiet_id = launch(&ec2_in(&quiet, "us-east-1"), "a").await;
    let client = ec2_in(&busy, "us-east-1");
    client.describe_vpcs().send().await.unwrap();
    client.describe_images().send().await.unwrap();
    client.describe_instances().send().await.unwrap();
    assert_eq!(launch(&client, "a").await, quiet_id);
}

#[tokio::test]
async fn describe_instances_filters_and_groups_by_reservation() {
    let server = server();
    let client = ec2_in(&server, "us-east-1");
    let web = launch(&client, "web").await;
    launch(&client, "db").await;
    let filtered = client
        .describe_instances()
        .filters(Filter::builder().name("tag:Name").values("web").build())
        .filters(
            Filter::builder()
                .name("instance-state-name")
                .values("running")
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(filtered.reservations().len(), 1);
    assert_eq!(
        filtered.reservations()[0].instances()[0].instance_id(),
        Some(web.as_str())
    );
    let by_type = client
        .describe_instances()
        .filters(
            Filter::builder()
                .name("instance-type")
                .values("t2.*")
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(by_type.reservations().len(), 2);
    let error = client
        .describe_instances()
        .instance_ids("i-00000000000000000")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidInstanceID.NotFound"));
    let error = client
        .describe_instances()
        .filters(Filter::builder().name("no-such-filter").values("x").build())
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidParameterValue"));
}

#[tokio::test]
async fn instances_move_through_their_states() {
    let server = server();
    let client = ec2_in(&server, "us-east-1");
    let id = launch(&client, "worker").await;
    let stopped = client
        .stop_instances()
        .instance_ids(&id)
        .send()
        .await
        .unwrap();
    let change = &stopped.stopping_instances()[0];
    assert_eq!(
        change.previous_state().unwrap().name(),
        Some(&InstanceStateName::Running)
    );
    assert_eq!(
        change.current_state().unwrap().name(),
        Some(&InstanceStateName::Stopping)
    );
    let status = client
        .describe_instance_status()
        .instance_ids(&id)
        .include_all_instances(true)
        .send()
        .await
        .unwrap();
    assert_eq!(
        status.instance_statuses()[0]
            .instance_state()
            .unwrap()
            .name(),
        Some(&InstanceStateName::Stopped)
    );
    client
        .start_instances()
        .instance_ids(&id)
        .send()
        .await
        .unwrap();
    let terminated = client
        .terminate_instances()
        .instance_ids(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        terminated.terminating_instances()[0]
            .current_state()
            .unwrap()
            .name(),
        Some(&InstanceStateName::ShuttingDown)
    );
    let error = client
        .start_instances()
        .instance_ids(&id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("IncorrectInstanceState"));
}

#[tokio::test]
async fn a_client_token_makes_run_instances_idempotent() {
    let server = server();
    let client = ec2_in(&server, "us-east-1");
    let run = || {
        client
            .run_instances()
            .image_id("ami-12c6146b")
            .min_count(2)
            .max_count(2)
            .client_token("deploy-1")
            .send()
    };
    let first = run().await.unwrap();
    let again = run().await.unwrap();
    assert_eq!(first.reservation_id(), again.reservation_id());
    let all = client.describe_instances().send().await.unwrap();
    assert_eq!(
        all.reservations()[0].instances().len(),
        2,
        "nothing new was launched"
    );
}

#[tokio::test]
async fn tags_images_regions_and_zones() {
    let server = server();
    let client = ec2_in(&server, "eu-west-1");
    let id = launch(&client, "tagged").await;
    client
        .create_tags()
        .resources(&id)
        .tags(Tag::builder().key("team").value("a").build())
        .send()
        .await
        .unwrap();
    let tags = client
        .describe_tags()
        .filters(Filter::builder().name("resource-id").values(&id).build())
        .send()
        .await
        .unwrap();
    let keys: Vec<&str> = tags.tags().iter().filter_map(|tag| tag.key()).collect();
    assert_eq!(keys, ["Name", "team"]);
    client
        .delete_tags()
        .resources(&id)
        .tags(Tag::builder().key("team").build())
        .send()
        .await
        .unwrap();
    let images = client
        .describe_images()
        .image_ids("ami-12c6146b")
        .send()
        .await
        .unwrap();
    assert_eq!(images.images()[0].image_id(), Some("ami-12c6146b"));
    let error = client
        .run_instances()
        .image_id("ami-00000000")
        .min_count(1)
        .max_count(1)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidAMIID.NotFound"));
    let regions = client.describe_regions().send().await.unwrap();
    assert!(
        regions
            .regions()
            .iter()
            .any(|region| region.region_name() == Some("eu-west-1"))
    );
    let zones = client.describe_availability_zones().send().await.unwrap();
    assert_eq!(
        zones.availability_zones()[0].zone_name(),
        Some("eu-west-1a")
    );
}

#[tokio::test]
async fn default_network_and_security_groups() {
    let server = server();
    let client = ec2_in(&server, "us-east-1");
    let vpcs = client.describe_vpcs().send().await.unwrap();
    let vpc = &vpcs.vpcs()[0];
    assert_eq!(vpc.is_default(), Some(true));
    assert_eq!(vpc.cidr_block(), Some("172.31.0.0/16"));
    let subnets = client
        .describe_subnets()
        .filters(
            Filter::builder()
                .name("vpc-id")
                .values(vpc.vpc_id().unwrap())
                .build(),
        )
        .send()
        .await
        .unwrap();
    // One default subnet per zone: us-east-1 has six.
    assert_eq!(subnets.subnets().len(), 6);
    let again = ec2_in(&crate::support::server(), "us-east-1")
        .describe_vpcs()
        .send()
        .await
        .unwrap();
    assert_eq!(
        again.vpcs()[0].vpc_id(),
        vpc.vpc_id(),
        "default ids are the same in every backend"
    );
    let group = client
        .create_security_group()
        .group_name("web")
        .description("web servers")
        .send()
        .await
        .unwrap();
    let group_id = group.group_id().unwrap();
    client
        .authorize_security_group_ingress()
        .group_id(group_id)
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(443)
                .to_port(443)
                .ip_ranges(IpRange::builder().cidr_ip("0.0.0.0/0").build())
                .build(),
        )
        .send()
        .await
        .unwrap();
    let described = client
        .describe_security_groups()
        .group_ids(group_id)
        .send()
        .await
        .unwrap();
    let permission = &described.security_groups()[0].ip_permissions()[0];
    assert_eq!(permission.from_port(), Some(443));
    let duplicate = client
        .create_security_group()
        .group_name("web")
        .description("again")
        .send()
        .await
        .unwrap_err();
    assert_eq!(duplicate.code(), Some("InvalidGroup.Duplicate"));
}

#[tokio::test]
async fn the_moto_written_recording_rebuilds_its_instance() {
    let server = server();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("runtime/tests/data/moto-5.2/ec2_instances.jsonl");
    let report = server.replay(&Recording::read(&path).unwrap()).unwrap();
    assert!(
        report.client_errors.is_empty(),
        "{:?}",
        report.client_errors
    );
    let client = ec2_in(&server, "us-east-1");
    let all = client.describe_instances().send().await.unwrap();
    let instance = &all.reservations()[0].instances()[0];
    assert_eq!(instance.image_id(), Some("ami-12c6146b"));
    assert_eq!(instance.instance_type(), Some(&InstanceType::T2Micro));
    assert_eq!(
        instance.instance_id(),
        Some(FIRST_INSTANCE_ID_SEED_42),
        "the recording seeds 42 first"
    );
}

#[tokio::test]
async fn a_recorded_launch_replays_with_the_same_instance_id() {
    let recorded = server();
    recorded.backend().recorder().start();
    let id = launch(&ec2_in(&recorded, "us-east-1"), "replayed").await;
    let fixture = fixture(&recorded);
    assert!(
        fixture.contains("ClientToken=00000000-0000-4000-8000-000000000001"),
        "{fixture}"
    );
    let fresh = replayed(&fixture);
    let all = ec2_in(&fresh, "us-east-1")
        .describe_instances()
        .send()
        .await
        .unwrap();
    assert_eq!(
        all.reservations()[0].instances()[0].instance_id(),
        Some(id.as_str())
    );
}

#[tokio::test]
async fn user_data_is_kept() {
    use aws_sdk_ec2::types::InstanceAttributeName;
    let server = server();
    let client = ec2_in(&server, "us-east-1");
    let reservation = client
        .run_instances()
        .image_id("ami-12c6146b")
        .min_count(1)
        .max_count(1)
        .user_data("IyEvYmluL3NoCmVjaG8gaGk=")
        .send()
        .await
        .unwrap();
    let id = reservation.instances()[0].instance_id().unwrap();
    let attribute = client
        .describe_instance_attribute()
        .instance_id(id)
        .attribute(InstanceAttributeName::UserData)
        .send()
        .await
        .unwrap();
    assert_eq!(
        attribute.user_data().unwrap().value(),
        Some("IyEvYmluL3NoCmVjaG8gaGk=")
    );
}

#[tokio::test]
async fn an_instance_has_its_interface_root_volume_and_public_address() {
    use aws_sdk_ec2::types::InstanceAttributeName;
    let server = server();
    let client = ec2_in(&server, "us-east-1");
    let id = launch(&client, "shaped").await;
    let described = client
        .describe_instances()
        .instance_ids(&id)
        .send()
        .await
        .unwrap();
    let instance = &described.reservations()[0].instances()[0];
    let interface = &instance.network_interfaces()[0];
    assert!(
        interface
            .network_interface_id()
            .unwrap()
            .starts_with("eni-")
    );
    assert_eq!(interface.private_ip_address(), Some("172.31.0.4"));
    let public = instance.public_ip_address().unwrap().to_owned();
    assert_eq!(
        interface.association().unwrap().public_ip(),
        Some(public.as_str())
    );
    assert_eq!(instance.root_device_name(), Some("/dev/sda1"));
    assert_eq!(instance.platform_details(), Some("Windows"));
    let root = instance.block_device_mappings()[0].ebs().unwrap();
    let volume_id = root.volume_id().unwrap();
    assert_eq!(root.delete_on_termination(), Some(true));
    let volumes = client
        .describe_volumes()
        .volume_ids(volume_id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        volumes.volumes()[0].attachments()[0].instance_id(),
        Some(id.as_str())
    );

    client
        .stop_instances()
        .instance_ids(&id)
        .send()
        .await
        .unwrap();
    let stopped = client
        .describe_instances()
        .instance_ids(&id)
        .send()
        .await
        .unwrap();
    let stopped = &stopped.reservations()[0].instances()[0];
    assert_eq!(stopped.public_ip_address(), None, "released on stop");
    assert_eq!(
        stopped.state_reason().unwrap().code(),
        Some("Client.UserInitiatedShutdown")
    );
    client
        .modify_instance_attribute()
        .instance_id(&id)
        .instance_type(
            aws_sdk_ec2::types::AttributeValue::builder()
                .value("t3.large")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let attribute = client
        .describe_instance_attribute()
        .instance_id(&id)
        .attribute(InstanceAttributeName::InstanceType)
        .send()
        .await
        .unwrap();
    assert_eq!(attribute.instance_type().unwrap().value(), Some("t3.large"));
}

#[tokio::test]
async fn volumes_attach_detach_and_refuse_deletion_while_in_use() {
    let server = server();
    let client = ec2_in(&server, "us-east-1");
    let id = launch(&client, "with-data").await;
    let volume = client
        .create_volume()
        .availability_zone("us-east-1a")
        .size(8)
        .volume_type(aws_sdk_ec2::types::VolumeType::Gp3)
        .send()
        .await
        .unwrap();
    let volume_id = volume.volume_id().unwrap();
    assert_eq!(volume.iops(), Some(3000));
    client
        .attach_volume()
        .volume_id(volume_id)
        .instance_id(&id)
        .device("/dev/sdf")
        .send()
        .await
        .unwrap();
    let error = client
        .delete_volume()
        .volume_id(volume_id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("VolumeInUse"));
    let snapshot = client
        .create_snapshot()
        .volume_id(volume_id)
        .description("nightly")
        .send()
        .await
        .unwrap();
    assert_eq!(snapshot.volume_size(), Some(8));
    client
        .detach_volume()
        .volume_id(volume_id)
        .send()
        .await
        .unwrap();
    client
        .delete_volume()
        .volume_id(volume_id)
        .send()
        .await
        .unwrap();
    let error = client
        .create_volume()
        .availability_zone("us-east-1z")
        .size(8)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidZone.NotFound"));
}

#[tokio::test]
async fn instances_launch_from_a_template_version() {
    use aws_sdk_ec2::types::{LaunchTemplateSpecification, RequestLaunchTemplateData};
    let server = server();
    let client = ec2_in(&server, "us-east-1");
    let created = client
        .create_launch_template()
        .launch_template_name("web")
        .launch_template_data(
            RequestLaunchTemplateData::builder()
                .image_id("ami-760aaa0f")
                .instance_type(InstanceType::T3Micro)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let template_id = created
        .launch_template()
        .unwrap()
        .launch_template_id()
        .unwrap()
        .to_owned();
    client
        .create_launch_template_version()
        .launch_template_id(&template_id)
        .source_version("1")
        .launch_template_data(
            RequestLaunchTemplateData::builder()
                .instance_type(InstanceType::T3Small)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let reservation = client
        .run_instances()
        .min_count(1)
        .max_count(1)
        .launch_template(
            LaunchTemplateSpecification::builder()
                .launch_template_id(&template_id)
                .version("2")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let instance = &reservation.instances()[0];
    assert_eq!(instance.image_id(), Some("ami-760aaa0f"));
    assert_eq!(instance.instance_type(), Some(&InstanceType::T3Small));
    assert!(
        instance
            .tags()
            .iter()
            .any(|tag| tag.key() == Some("aws:ec2launchtemplate:version")
                && tag.value() == Some("2"))
    );
    let versions = client
        .describe_launch_template_versions()
        .launch_template_id(&template_id)
        .send()
        .await
        .unwrap();
    assert_eq!(versions.launch_template_versions().len(), 2);
    client
        .delete_launch_template()
        .launch_template_name("web")
        .send()
        .await
        .unwrap();
    let error = client
        .describe_launch_templates()
        .launch_template_names("web")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        error.code(),
        Some("InvalidLaunchTemplateName.NotFoundException")
    );
}

#[tokio::test]
async fn the_catalogue_is_moto_s() {
    let server = server();
    let client = ec2_in(&server, "us-east-1");
    let windows = client
        .describe_images()
        .image_ids("ami-12c6146b")
        .send()
        .await
        .unwrap();
    assert_eq!(
        windows.images()[0].name(),
        Some("Windows_Server-2008-R2_SP1-English-64Bit-Base-2017.10.13")
    );
    let types = client
        .describe_instance_types()
        .instance_types(InstanceType::M5Large)
        .send()
        .await
        .unwrap();
    let info = &types.instance_types()[0];
    assert_eq!(info.memory_info().unwrap().size_in_mib(), Some(8192));
    assert_eq!(info.v_cpu_info().unwrap().default_v_cpus(), Some(2));
    let zones = client
        .describe_availability_zones()
        .filters(Filter::builder().name("zone-id").values("use1-az1").build())
        .send()
        .await
        .unwrap();
    assert_eq!(
        zones.availability_zones()[0].zone_name(),
        Some("us-east-1b")
    );
    let all = client
        .describe_regions()
        .all_regions(true)
        .send()
        .await
        .unwrap();
    let enabled = client.describe_regions().send().await.unwrap();
    assert!(all.regions().len() > enabled.regions().len());
    let attributes = client.describe_account_attributes().send().await.unwrap();
    let default_vpc = attributes
        .account_attributes()
        .iter()
        .find(|attribute| attribute.attribute_name() == Some("default-vpc"))
        .unwrap();
    assert!(
        default_vpc.attribute_values()[0]
            .attribute_value()
            .unwrap()
            .starts_with("vpc-")
    );
}

#[tokio::test]
async fn security_group_rules_in_both_forms_and_in_use() {
    use aws_sdk_ec2::types::UserIdGroupPair;
    let server = server();
    let client = ec2_in(&server, "us-east-1");
    let web = client
        .create_security_group()
        .group_name("web")
        .description("web tier")
        .send()
        .await
        .unwrap();
    let web = web.group_id().unwrap().to_owned();
    let db = client
        .create_security_group()
        .group_name("db")
        .description("database")
        .send()
        .await
        .unwrap()
        .group_id()
        .unwrap()
        .to_owned();
    let added = client
        .authorize_security_group_ingress()
        .group_id(&web)
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(443)
                .to_port(443)
                .ip_ranges(IpRange::builder().cidr_ip("0.0.0.0/0").build())
                .build(),
        )
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(80)
                .to_port(80)
                .ip_ranges(IpRange::builder().cidr_ip("10.0.0.0/8").build())
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(added.security_group_rules().len(), 2);
    assert!(
        added.security_group_rules()[0]
            .security_group_rule_id()
            .unwrap()
            .starts_with("sgr-")
    );
    // The flat form, and a rule naming another group.
    client
        .authorize_security_group_ingress()
        .group_id(&db)
        .ip_protocol("tcp")
        .from_port(5432)
        .to_port(5432)
        .cidr_ip("172.31.0.0/16")
        .send()
        .await
        .unwrap();
    client
        .authorize_security_group_ingress()
        .group_id(&db)
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(5432)
                .to_port(5432)
                .user_id_group_pairs(UserIdGroupPair::builder().group_id(&web).build())
                .build(),
        )
        .send()
        .await
        .unwrap();
    let rules = client
        .describe_security_group_rules()
        .filters(Filter::builder().name("group-id").values(&db).build())
        .send()
        .await
        .unwrap();
    let rules = rules.security_group_rules();
    assert_eq!(rules.len(), 3, "the default outbound rule and two inbound");
    assert_eq!(rules[0].is_egress(), Some(true));
    assert_eq!(
        rules[2].referenced_group_info().unwrap().group_id(),
        Some(web.as_str())
    );
    let error = client
        .delete_security_group()
        .group_id(&web)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("DependencyViolation"));
    client
        .revoke_security_group_ingress()
        .group_id(&db)
        .ip_protocol("tcp")
        .from_port(5432)
        .to_port(5432)
        .cidr_ip("172.31.0.0/16")
        .send()
        .await
        .unwrap();
    let described = client
        .describe_security_groups()
        .group_ids(&db)
        .send()
        .await
        .unwrap();
    let permission = &described.security_groups()[0].ip_permissions()[0];
    assert!(permission.ip_ranges().is_empty());
    assert_eq!(permission.user_id_group_pairs().len(), 1);
    let deleted = client
        .delete_security_group()
        .group_id(&db)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.group_id(), Some(db.as_str()));
    client
        .delete_security_group()
        .group_name("web")
        .send()
        .await
        .unwrap();
    let error = client
        .describe_security_groups()
        .group_ids(&web)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidGroup.NotFound"));
}

#[tokio::test]
async fn key_pairs_are_made_imported_described_and_deleted() {
    use aws_sdk_ec2::primitives::Blob;
    use aws_sdk_ec2::types::KeyType;
    let server = server();
    let client = ec2_in(&server, "us-east-1");
    let made = client
        .create_key_pair()
        .key_name("deploy")
        .send()
        .await
        .unwrap();
    assert!(
        made.key_material()
            .unwrap()
            .starts_with("-----BEGIN RSA PRIVATE KEY-----\n")
    );
    assert_eq!(made.key_fingerprint().unwrap().split(':').count(), 20);
    let edwards = client
        .create_key_pair()
        .key_name("edwards")
        .key_type(KeyType::Ed25519)
        .send()
        .await
        .unwrap();
    assert!(
        edwards
            .key_material()
            .unwrap()
            .starts_with("-----BEGIN OPENSSH PRIVATE KEY-----\n")
    );
    let imported = client
        .import_key_pair()
        .key_name("laptop")
        .public_key_material(Blob::new(
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOimn7qJIR4hXy8I0+r5kwPZeZG3e76sSbNw/Xqg7hi7 me",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(
        imported.key_fingerprint(),
        Some("lCybEcYt463B8r2KLagjK5T8XOb7rTZAqOgMClglTZ4=")
    );
    let error = client
        .import_key_pair()
        .key_name("bad")
        .public_key_material(Blob::new("not a key"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidKeyPair.Format"));
    let error = client
        .create_key_pair()
        .key_name("deploy")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidKeyPair.Duplicate"));
    let described = client
        .describe_key_pairs()
        .key_names("deploy")
        .key_names("laptop")
        .include_public_key(true)
        .send()
        .await
        .unwrap();
    let pairs = described.key_pairs();
    assert_eq!(pairs[0].key_type(), Some(&KeyType::Rsa));
    assert_eq!(pairs[0].key_fingerprint(), made.key_fingerprint());
    assert_eq!(pairs[0].create_time().unwrap().secs(), 1_704_067_200);
    assert!(pairs[1].public_key().unwrap().ends_with(" me"));
    let deleted = client
        .delete_key_pair()
        .key_name("deploy")
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.key_pair_id(), made.key_pair_id());
    let error = client
        .describe_key_pairs()
        .key_names("deploy")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidKeyPair.NotFound"));
}

#[tokio::test]
async fn a_vpc_with_a_public_subnet_routed_to_the_internet() {
    use aws_sdk_ec2::types::{AttributeBooleanValue, VpcAttributeName};
    let server = server();
    let client = ec2_in(&server, "us-east-1");
    let vpc = client
        .create_vpc()
        .cidr_block("10.0.0.0/16")
        .send()
        .await
        .unwrap();
    let vpc = vpc.vpc().unwrap().vpc_id().unwrap().to_owned();
    client
        .modify_vpc_attribute()
        .vpc_id(&vpc)
        .enable_dns_hostnames(AttributeBooleanValue::builder().value(true).build())
        .send()
        .await
        .unwrap();
    let hostnames = client
        .describe_vpc_attribute()
        .vpc_id(&vpc)
        .attribute(VpcAttributeName::EnableDnsHostnames)
        .send()
        .await
        .unwrap();
    assert_eq!(
        hostnames.enable_dns_hostnames().unwrap().value(),
        Some(true)
    );
    let subnet = client
        .create_subnet()
        .vpc_id(&vpc)
        .cidr_block("10.0.1.0/24")
        .availability_zone("us-east-1a")
        .send()
        .await
        .unwrap();
    let subnet = subnet.subnet().unwrap();
    assert_eq!(subnet.availability_zone_id(), Some("use1-az6"));
    assert_eq!(subnet.available_ip_address_count(), Some(251));
    let subnet = subnet.subnet_id().unwrap().to_owned();
    let error = client
        .create_subnet()
        .vpc_id(&vpc)
        .cidr_block("10.0.1.0/25")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidSubnet.Conflict"));
    let gateway = client.create_internet_gateway().send().await.unwrap();
    let gateway = gateway
        .internet_gateway()
        .unwrap()
        .internet_gateway_id()
        .unwrap()
        .to_owned();
    client
        .attach_internet_gateway()
        .internet_gateway_id(&gateway)
        .vpc_id(&vpc)
        .send()
        .await
        .unwrap();
    let table = client
        .create_route_table()
        .vpc_id(&vpc)
        .send()
        .await
        .unwrap();
    let table = table
        .route_table()
        .unwrap()
        .route_table_id()
        .unwrap()
        .to_owned();
    client
        .create_route()
        .route_table_id(&table)
        .destination_cidr_block("0.0.0.0/0")
        .gateway_id(&gateway)
        .send()
        .await
        .unwrap();
    let association = client
        .associate_route_table()
        .route_table_id(&table)
        .subnet_id(&subnet)
        .send()
        .await
        .unwrap();
    let routed = client
        .describe_route_tables()
        .filters(
            Filter::builder()
                .name("association.subnet-id")
                .values(&subnet)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let routes = routed.route_tables()[0].routes();
    assert_eq!(routes[0].gateway_id(), Some("local"));
    assert_eq!(routes[1].gateway_id(), Some(gateway.as_str()));
    let error = client.delete_vpc().vpc_id(&vpc).send().await.unwrap_err();
    assert_eq!(error.code(), Some("DependencyViolation"));
    client
        .disassociate_route_table()
        .association_id(association.association_id().unwrap())
        .send()
        .await
        .unwrap();
    client
        .delete_route_table()
        .route_table_id(&table)
        .send()
        .await
        .unwrap();
    client
        .detach_internet_gateway()
        .internet_gateway_id(&gateway)
        .vpc_id(&vpc)
        .send()
        .await
        .unwrap();
    client
        .delete_internet_gateway()
        .internet_gateway_id(&gateway)
        .send()
        .await
        .unwrap();
    client
        .delete_subnet()
        .subnet_id(&subnet)
        .send()
        .await
        .unwrap();
    client.delete_vpc().vpc_id(&vpc).send().await.unwrap();
    let error = client
        .describe_vpcs()
        .vpc_ids(&vpc)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidVpcID.NotFound"));
}

#[tokio::test]
async fn an_elastic_address_follows_an_instance() {
    use aws_sdk_ec2::types::DomainType;
    let server = server();
    let client = ec2_in(&server, "us-east-1");
    let instance = launch(&client, "public").await;
    let allocated = client
        .allocate_address()
        .domain(DomainType::Vpc)
        .send()
        .await
        .unwrap();
    let allocation = allocated.allocation_id().unwrap().to_owned();
    let public_ip = allocated.public_ip().unwrap().to_owned();
    let association = client
        .associate_address()
        .allocation_id(&allocation)
        .instance_id(&instance)
        .send()
        .await
        .unwrap();
    let described = client
        .describe_addresses()
        .filters(
            Filter::builder()
                .name("instance-id")
                .values(&instance)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let address = &described.addresses()[0];
    assert_eq!(address.public_ip(), Some(public_ip.as_str()));
    assert_eq!(address.association_id(), association.association_id());
    client
        .disassociate_address()
        .association_id(association.association_id().unwrap())
        .send()
        .await
        .unwrap();
    client
        .release_address()
        .allocation_id(&allocation)
        .send()
        .await
        .unwrap();
    let error = client
        .release_address()
        .allocation_id(&allocation)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidAllocationID.NotFound"));
}
