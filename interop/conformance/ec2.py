"""EC2 scenarios: instances and the network, keys, storage and catalogue calls around them."""

from harness import dig

AMI = "ami-760aaa0f"  # Amazon Linux 2, in Moto's default catalogue and moto-server's
WINDOWS_AMI = "ami-12c6146b"  # the id Moto's documentation uses; Windows in Moto's catalogue
MISSING_INSTANCE = "i-0123456789abcdef0"
RSA_PUBLIC_KEY = (
    "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCw04Z5ClQKa9UZ/oHfVw4beBcO45pHvNliidCN18F6dUIJolNmct3rz"
    "pCTDMH8Krf346nC0nADycObHtEMW1wZuL6nP0juNlXbFnMe/9rx6dqrc1tMO2IBRlgT0kSCwoCkILfFsTBx6/TU2O21OPOy"
    "z0/sFfGEYWvSd+IUuA7ArAWVZZoLPjl47IqEh7LmZRUYbZjn0MOIl7QduYBbhaHmJNchHofbMwb068Q5vfUCixc8aj0Yen6S"
    "sDLEb8lp6sY1Fx6dfgQCcTNUxTw+iRshYcMCgJxjLcEuN6kxS2SANaaba9qr/FBX6aCAPF3AkbXUMMO0RY/nI1hw4oY5OB+/"
)
ED25519_PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOimn7qJIR4hXy8I0+r5kwPZeZG3e76sSbNw/Xqg7hi7"


def tags(**pairs):
    return [{"Key": key, "Value": value} for key, value in pairs.items()]


def instance_ids(answer):
    return [i["InstanceId"] for i in dig(answer, "Instances", default=[])] or [MISSING_INSTANCE]


def instance_lifecycle(aws):
    ec2 = aws.client("ec2")
    run = ec2.run_instances(
        ImageId=AMI,
        InstanceType="t3.micro",
        MinCount=2,
        MaxCount=2,
        TagSpecifications=[{"ResourceType": "instance", "Tags": tags(Name="web", env="test")}],
    )
    ids = instance_ids(run)
    ec2.describe_instances(InstanceIds=ids)
    ec2.describe_instances(Filters=[{"Name": "instance-state-name", "Values": ["running"]}])
    ec2.describe_instances(Filters=[{"Name": "tag:Name", "Values": ["web"]}])
    ec2.describe_instance_status(InstanceIds=ids)
    ec2.stop_instances(InstanceIds=ids[:1])
    ec2.describe_instances(InstanceIds=ids[:1])
    ec2.start_instances(InstanceIds=ids[:1])
    ec2.terminate_instances(InstanceIds=ids)
    ec2.describe_instances(InstanceIds=ids)
    # Starting a terminated instance is refused.
    ec2.start_instances(InstanceIds=ids[:1])


def instance_shape(aws):
    """Everything code reads from a launched instance, launched the way real code does."""
    ec2 = aws.client("ec2")
    subnet = dig(
        ec2.describe_subnets(Filters=[{"Name": "availability-zone", "Values": ["us-east-1b"]}]),
        "Subnets", 0, "SubnetId", default="subnet-00000000",
    )
    group = dig(ec2.create_security_group(GroupName="web", Description="web tier"), "GroupId", default="sg-00000000")
    ec2.create_key_pair(KeyName="deploy", _random=("KeyFingerprint",))
    launch = dict(
        ImageId=AMI,
        InstanceType="t3.small",
        MinCount=1,
        MaxCount=1,
        SubnetId=subnet,
        SecurityGroupIds=[group],
        KeyName="deploy",
        UserData="#!/bin/sh\necho hello\n",
        ClientToken="launch-web-1",
        BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 20, "VolumeType": "gp3"}}],
        MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
    )
    run = ec2.run_instances(**launch)
    ids = instance_ids(run)
    ec2.describe_instances(InstanceIds=ids)
    # The same request with the same client token returns the same instance instead of
    # launching another (with other parameters it would be IdempotentParameterMismatch).
    ec2.run_instances(**launch)
    ec2.stop_instances(InstanceIds=ids)
    ec2.describe_instances(InstanceIds=ids)
    # A Windows AMI (Moto's catalogue entry for ami-12c6146b) gives a Windows platform.
    ec2.run_instances(ImageId=WINDOWS_AMI, MinCount=1, MaxCount=1)


def instance_attributes(aws):
    ec2 = aws.client("ec2")
    ids = instance_ids(ec2.run_instances(ImageId=AMI, InstanceType="t3.micro", MinCount=1, MaxCount=1, UserData="hello"))
    instance = ids[0]
    for attribute in ("instanceType", "userData", "disableApiTermination", "groupSet"):
        ec2.describe_instance_attribute(InstanceId=instance, Attribute=attribute)
    ec2.modify_instance_attribute(InstanceId=instance, DisableApiTermination={"Value": True})
    ec2.describe_instance_attribute(InstanceId=instance, Attribute="disableApiTermination")
    ec2.terminate_instances(InstanceIds=[instance])
    ec2.modify_instance_attribute(InstanceId=instance, DisableApiTermination={"Value": False})
    ec2.stop_instances(InstanceIds=[instance])
    ec2.modify_instance_attribute(InstanceId=instance, InstanceType={"Value": "t3.large"})
    ec2.describe_instance_attribute(InstanceId=instance, Attribute="instanceType")


def instance_errors(aws):
    ec2 = aws.client("ec2")
    ec2.describe_instances(InstanceIds=[MISSING_INSTANCE])
    ec2.terminate_instances(InstanceIds=[MISSING_INSTANCE])
    ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=1, SubnetId="subnet-0000000000000dead")
    # DryRun: the permission check alone, answered with the DryRunOperation error.
    ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=1, DryRun=True)
    ec2.describe_instances(DryRun=True)
    ec2.create_security_group(GroupName="dry", Description="dry", DryRun=True)
    ec2.describe_instances()  # nothing was launched
    # Last: a launch one side may refuse and the other may carry out.
    ec2.run_instances(ImageId="ami-0000000000000dead", MinCount=1, MaxCount=1)


def tags_on_resources(aws):
    ec2 = aws.client("ec2")
    instance = instance_ids(ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=1))[0]
    group = dig(ec2.create_security_group(GroupName="tagged", Description="tagged"), "GroupId", default="sg-00000000")
    ec2.create_tags(Resources=[instance, group], Tags=tags(team="core", env="dev", cost="42"))
    ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [instance]}])
    ec2.describe_tags(Filters=[{"Name": "resource-type", "Values": ["security-group"]}])
    ec2.describe_tags(MaxResults=5)
    ec2.delete_tags(Resources=[instance], Tags=[{"Key": "cost"}])
    ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [instance]}])
    ec2.describe_instances(Filters=[{"Name": "tag-key", "Values": ["team"]}])
    ec2.describe_security_groups(Filters=[{"Name": "tag:team", "Values": ["core"]}])


def images(aws):
    ec2 = aws.client("ec2")
    ec2.describe_images(ImageIds=[AMI])
    ec2.describe_images(ImageIds=[WINDOWS_AMI])
    ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name", "Values": ["amzn2-ami-hvm-*"]}])
    ec2.describe_images(Filters=[{"Name": "platform", "Values": ["windows"]}, {"Name": "image-id", "Values": [WINDOWS_AMI]}])
    ec2.describe_images(ImageIds=["ami-0000000000000dead"])


def regions_and_zones(aws):
    ec2 = aws.client("ec2")
    ec2.describe_regions()
    ec2.describe_regions(AllRegions=True)
    ec2.describe_regions(RegionNames=["eu-west-1", "us-west-2"])
    ec2.describe_availability_zones()
    ec2.describe_availability_zones(Filters=[{"Name": "zone-id", "Values": ["use1-az1"]}])
    aws.client("ec2", region="eu-west-1").describe_availability_zones()
    ec2.describe_account_attributes()


def default_network(aws):
    ec2 = aws.client("ec2")
    ec2.describe_vpcs()
    ec2.describe_subnets()
    ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}, {"Name": "availability-zone", "Values": ["us-east-1a"]}])
    ec2.describe_security_groups()
    ec2.describe_security_groups(GroupNames=["default"])
    ec2.describe_internet_gateways()
    ec2.describe_route_tables()
    west = aws.client("ec2", region="us-west-2")
    west.describe_vpcs()
    ec2.describe_vpcs(VpcIds=["vpc-0000000000000dead"])


def security_groups(aws):
    ec2 = aws.client("ec2")
    vpc = dig(ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}]), "Vpcs", 0, "VpcId", default="vpc-00000000")
    web = dig(ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc,
                                        TagSpecifications=[{"ResourceType": "security-group", "Tags": tags(tier="web")}]),
              "GroupId", default="sg-00000000")
    db = dig(ec2.create_security_group(GroupName="db", Description="db", VpcId=vpc), "GroupId", default="sg-00000001")
    ec2.create_security_group(GroupName="web", Description="again", VpcId=vpc)
    ec2.authorize_security_group_ingress(
        GroupId=web,
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "https"}]},
            {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]},
        ],
    )
    # The flat form older code uses.
    ec2.authorize_security_group_ingress(GroupId=db, IpProtocol="tcp", FromPort=5432, ToPort=5432, CidrIp="172.31.0.0/16")
    ec2.authorize_security_group_ingress(
        GroupId=db, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": web}]}]
    )
    ec2.authorize_security_group_ingress(GroupId=db, IpProtocol="tcp", FromPort=5432, ToPort=5432, CidrIp="172.31.0.0/16")
    ec2.authorize_security_group_egress(
        GroupId=web, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": db}]}]
    )
    ec2.describe_security_groups(GroupIds=[web, db])
    ec2.describe_security_groups(Filters=[{"Name": "ip-permission.from-port", "Values": ["443"]}])
    ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [db]}])
    ec2.revoke_security_group_ingress(GroupId=db, IpProtocol="tcp", FromPort=5432, ToPort=5432, CidrIp="172.31.0.0/16")
    ec2.revoke_security_group_egress(
        GroupId=web, IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
    )
    ec2.describe_security_groups(GroupIds=[web])
    # web is still referenced by db's rule.
    ec2.delete_security_group(GroupId=web)
    ec2.delete_security_group(GroupId=db)
    ec2.delete_security_group(GroupId=web)
    ec2.describe_security_groups(GroupIds=[web])
    ec2.authorize_security_group_ingress(GroupId="sg-0000000000000dead", IpProtocol="tcp", FromPort=22, ToPort=22, CidrIp="0.0.0.0/0")


def key_pairs(aws):
    ec2 = aws.client("ec2")
    ec2.create_key_pair(KeyName="generated", _random=("KeyFingerprint",))
    ec2.create_key_pair(KeyName="generated-ed", KeyType="ed25519", _random=("KeyFingerprint",))
    ec2.import_key_pair(KeyName="imported", PublicKeyMaterial=RSA_PUBLIC_KEY.encode())
    ec2.import_key_pair(KeyName="imported-ed", PublicKeyMaterial=ED25519_PUBLIC_KEY.encode(),
                        TagSpecifications=[{"ResourceType": "key-pair", "Tags": tags(owner="ops")}])
    ec2.describe_key_pairs(KeyNames=["generated"], _random=("KeyFingerprint",))
    ec2.describe_key_pairs(KeyNames=["imported", "imported-ed"])
    ec2.create_key_pair(KeyName="generated")
    ec2.import_key_pair(KeyName="bad", PublicKeyMaterial=b"not a key")
    ec2.delete_key_pair(KeyName="generated")
    ec2.describe_key_pairs(KeyNames=["generated"])
    ec2.delete_key_pair(KeyName="never-existed")


def vpcs_and_subnets(aws):
    ec2 = aws.client("ec2")
    vpc = dig(ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=[{"ResourceType": "vpc", "Tags": tags(Name="app")}]),
              "Vpc", "VpcId", default="vpc-00000000")
    ec2.describe_vpcs(VpcIds=[vpc])
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    ec2.describe_vpc_attribute(VpcId=vpc, Attribute="enableDnsHostnames")
    subnet = dig(ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", AvailabilityZone="us-east-1a"), "Subnet", "SubnetId",
                 default="subnet-00000000")
    ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/25")
    ec2.create_subnet(VpcId=vpc, CidrBlock="192.168.0.0/24")
    ec2.modify_subnet_attribute(SubnetId=subnet, MapPublicIpOnLaunch={"Value": True})
    ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])
    ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}])
    ec2.delete_vpc(VpcId=vpc)  # subnets remain: refused
    ec2.delete_subnet(SubnetId=subnet)
    ec2.describe_subnets(SubnetIds=[subnet])
    ec2.create_vpc(CidrBlock="10.0.0.0/8")


def gateways_and_routes(aws):
    ec2 = aws.client("ec2")
    vpc = dig(ec2.create_vpc(CidrBlock="10.1.0.0/16"), "Vpc", "VpcId", default="vpc-00000000")
    # Without a zone the service picks one, at random on both sides.
    subnet = dig(ec2.create_subnet(VpcId=vpc, CidrBlock="10.1.0.0/24", _random=("AvailabilityZone", "AvailabilityZoneId")),
                 "Subnet", "SubnetId", default="subnet-00000000")
    gateway = dig(ec2.create_internet_gateway(), "InternetGateway", "InternetGatewayId", default="igw-00000000")
    ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc)
    ec2.describe_internet_gateways(InternetGatewayIds=[gateway])
    table = dig(ec2.create_route_table(VpcId=vpc), "RouteTable", "RouteTableId", default="rtb-00000000")
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=gateway)
    association = dig(ec2.associate_route_table(RouteTableId=table, SubnetId=subnet), "AssociationId", default="rtbassoc-00000000")
    ec2.describe_route_tables(RouteTableIds=[table])
    ec2.delete_internet_gateway(InternetGatewayId=gateway)  # still attached
    ec2.disassociate_route_table(AssociationId=association)
    ec2.delete_route_table(RouteTableId=table)
    ec2.detach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc)
    ec2.delete_internet_gateway(InternetGatewayId=gateway)
    ec2.describe_internet_gateways(InternetGatewayIds=[gateway])


def elastic_addresses(aws):
    ec2 = aws.client("ec2")
    instance = instance_ids(ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=1))[0]
    allocation = dig(ec2.allocate_address(Domain="vpc"), "AllocationId", default="eipalloc-00000000")
    ec2.describe_addresses(AllocationIds=[allocation])
    association = dig(ec2.associate_address(AllocationId=allocation, InstanceId=instance), "AssociationId",
                      default="eipassoc-00000000")
    ec2.describe_addresses(Filters=[{"Name": "instance-id", "Values": [instance]}])
    ec2.describe_instances(InstanceIds=[instance])
    ec2.disassociate_address(AssociationId=association)
    ec2.describe_instances(InstanceIds=[instance])
    ec2.release_address(AllocationId=allocation)
    ec2.describe_addresses()
    ec2.release_address(AllocationId="eipalloc-0000000000000dead")


def volumes(aws):
    ec2 = aws.client("ec2")
    instance = instance_ids(ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=1, Placement={"AvailabilityZone": "us-east-1a"}))[0]
    volume = dig(ec2.create_volume(AvailabilityZone="us-east-1a", Size=8, VolumeType="gp3",
                                   TagSpecifications=[{"ResourceType": "volume", "Tags": tags(Name="data")}]),
                 "VolumeId", default="vol-00000000")
    ec2.describe_volumes(VolumeIds=[volume])
    ec2.attach_volume(VolumeId=volume, InstanceId=instance, Device="/dev/sdf")
    ec2.describe_volumes(Filters=[{"Name": "attachment.instance-id", "Values": [instance]}])
    ec2.delete_volume(VolumeId=volume)  # attached: refused
    snapshot = dig(ec2.create_snapshot(VolumeId=volume, Description="nightly"), "SnapshotId", default="snap-00000000")
    ec2.describe_snapshots(SnapshotIds=[snapshot])
    ec2.detach_volume(VolumeId=volume, InstanceId=instance, Device="/dev/sdf")
    ec2.delete_volume(VolumeId=volume)
    ec2.create_volume(AvailabilityZone="us-east-1z", Size=8)


def instance_types(aws):
    ec2 = aws.client("ec2")
    ec2.describe_instance_types(InstanceTypes=["m5.large", "c5.xlarge"])
    ec2.describe_instance_types(InstanceTypes=["t3.gigantic"])
    ec2.describe_instance_type_offerings(LocationType="region", Filters=[{"Name": "instance-type", "Values": ["t3.micro"]}])


def launch_templates(aws):
    ec2 = aws.client("ec2")
    created = ec2.create_launch_template(
        LaunchTemplateName="web",
        VersionDescription="v1",
        LaunchTemplateData={"ImageId": AMI, "InstanceType": "t3.micro",
                            "TagSpecifications": [{"ResourceType": "instance", "Tags": tags(from_template="yes")}]},
    )
    template = dig(created, "LaunchTemplate", "LaunchTemplateId", default="lt-00000000")
    ec2.create_launch_template_version(LaunchTemplateId=template, SourceVersion="1", VersionDescription="v2",
                                       LaunchTemplateData={"InstanceType": "t3.small"})
    ec2.describe_launch_templates(LaunchTemplateNames=["web"])
    ec2.describe_launch_template_versions(LaunchTemplateId=template)
    ec2.run_instances(MinCount=1, MaxCount=1, LaunchTemplate={"LaunchTemplateId": template, "Version": "2"})
    ec2.create_launch_template(LaunchTemplateName="web", LaunchTemplateData={"ImageId": AMI})
    ec2.delete_launch_template(LaunchTemplateName="web")
    ec2.describe_launch_templates(LaunchTemplateNames=["web"])


def pagination_and_regions(aws):
    ec2 = aws.client("ec2")
    # One instance per reservation: a page of 5 is then 5 either way it is counted.
    setup = aws.setup_client("ec2")
    for index in range(6):
        setup.run_instances(ImageId=AMI, MinCount=1, MaxCount=1, TagSpecifications=[
            {"ResourceType": "instance", "Tags": tags(batch=str(index % 3))}])
    first = ec2.describe_instances(MaxResults=5)
    ec2.describe_instances(MaxResults=5, NextToken=dig(first, "NextToken", default="none"))
    ec2.describe_instances(Filters=[{"Name": "tag:batch", "Values": ["1", "2"]}], MaxResults=5)
    # Another region has its own instances, VPC and AMI catalogue.
    west = aws.client("ec2", region="eu-west-1")
    west.run_instances(ImageId=AMI, MinCount=1, MaxCount=1)
    west.describe_instances()
    west.describe_images(ImageIds=[AMI])
    ec2.describe_instances(Filters=[{"Name": "availability-zone", "Values": ["eu-west-1a"]}])


SCENARIOS = [
    instance_lifecycle,
    instance_shape,
    instance_attributes,
    instance_errors,
    tags_on_resources,
    images,
    regions_and_zones,
    default_network,
    security_groups,
    key_pairs,
    vpcs_and_subnets,
    gateways_and_routes,
    elastic_addresses,
    volumes,
    instance_types,
    launch_templates,
    pagination_and_regions,
]
