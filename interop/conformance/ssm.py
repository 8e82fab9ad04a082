"""SSM Parameter Store scenarios: parameters and their versions, SecureStrings, name and
tier rules, reads by path with filters and pages, DescribeParameters, labels and tags.

GetParameters asks for one existing name per call: Moto answers several in the order of
a Python set, which changes from one run to the next.
"""

from harness import dig

ARN_PREFIX = "arn:aws:ssm:us-east-1:123456789012:parameter"


def parameters_and_versions(aws):
    ssm = aws.client("ssm")
    ssm.put_parameter(Name="/app/db/url", Value="postgres://localhost/app", Type="String",
                      Description="the database")
    ssm.put_parameter(Name="/app/db/url", Value="postgres://other/app", Type="String")
    ssm.put_parameter(Name="/app/db/url", Value="postgres://db:5432/app", Overwrite=True)
    ssm.get_parameter(Name="/app/db/url")
    ssm.get_parameter(Name=f"{ARN_PREFIX}/app/db/url")
    ssm.get_parameter(Name="/app/db/url:1")
    ssm.get_parameter(Name="/app/db/url:9")
    ssm.get_parameter(Name="/app/missing")
    ssm.get_parameters(Names=["/app/db/url", "/app/missing", "/app/db/url:9"])
    ssm.get_parameter_history(Name="/app/db/url")
    ssm.get_parameter_history(Name="/app/missing")
    ssm.put_parameter(Name="/app/db/password", Value="hunter2", Type="SecureString")
    ssm.put_parameter(Name="/app/api/token", Value="t0k3n", Type="SecureString", KeyId="alias/app")
    ssm.get_parameter(Name="/app/db/password")
    ssm.get_parameter(Name="/app/db/password", WithDecryption=True)
    ssm.get_parameters(Names=["/app/api/token"], WithDecryption=True)
    ssm.get_parameter_history(Name="/app/db/password", WithDecryption=True)
    ssm.put_parameter(Name="/app/hosts", Value="a,b,c", Type="StringList")
    ssm.describe_parameters()
    ssm.delete_parameter(Name="/app/hosts")
    ssm.delete_parameter(Name="/app/hosts")
    ssm.delete_parameters(Names=["/app/api/token", "/app/nope"])
    ssm.describe_parameters()


def names_and_rules(aws):
    ssm = aws.client("ssm")
    ssm.put_parameter(Name="/aws/mine/x", Value="v", Type="String")
    ssm.put_parameter(Name="ssm-thing", Value="v", Type="String")
    ssm.put_parameter(Name="awsThing", Value="v", Type="String")
    ssm.put_parameter(Name="untyped", Value="v")
    ssm.put_parameter(Name="tagged", Value="v", Type="String", Overwrite=True,
                      Tags=[{"Key": "k", "Value": "v"}])
    ssm.put_parameter(Name="image", Value="ami-12c6146b", Type="String", DataType="aws:ec2:image")
    ssm.put_parameter(Name="typed", Value="v", Type="String", DataType="Text")
    # A one-level name is the same parameter with or without its leading slash.
    ssm.put_parameter(Name="/db", Value="v", Type="String")
    ssm.put_parameter(Name="db", Value="w", Type="String")
    ssm.get_parameter(Name="db")
    ssm.put_parameter(Name="has space", Value="v", Type="String")
    ssm.put_parameter(Name="/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p", Value="v", Type="String")


def tiers_and_patterns(aws):
    ssm = aws.client("ssm")
    ssm.put_parameter(Name="/cfg/small", Value="v", Type="String", Tier="Advanced")
    ssm.put_parameter(Name="/cfg/small", Value="w", Overwrite=True)
    ssm.describe_parameters(ParameterFilters=[{"Key": "Tier", "Values": ["Advanced"]}])
    ssm.put_parameter(Name="/cfg/auto", Value="v", Type="String", Tier="Intelligent-Tiering")
    ssm.put_parameter(Name="/cfg/big", Value="x" * 5000, Type="String")
    ssm.put_parameter(Name="/cfg/big", Value="x" * 5000, Type="String", Tier="Advanced")
    ssm.put_parameter(Name="/cfg/port", Value="8080", Type="String", AllowedPattern=r"^\d+$")
    ssm.put_parameter(Name="/cfg/port", Value="http", Overwrite=True)
    ssm.put_parameter(Name="/cfg/port", Value="9090", Overwrite=True)
    ssm.describe_parameters(ParameterFilters=[{"Key": "Name", "Values": ["/cfg/port"]}])


def paths_filters_and_pages(aws):
    ssm = aws.client("ssm")
    for name, kind in [("/svc/a", "String"), ("/svc/b", "StringList"), ("/svc/c", "SecureString"),
                       ("/svc/d", "String"), ("/svc/e", "String"), ("/svc/deep/f", "String"),
                       ("/other/g", "String"), ("top", "String")]:
        ssm.put_parameter(Name=name, Value=f"value of {name}", Type=kind,
                          Tags=[{"Key": "team", "Value": "web" if name.startswith("/svc") else "data"}])
    ssm.get_parameters_by_path(Path="/svc")
    ssm.get_parameters_by_path(Path="/svc/", Recursive=True, WithDecryption=True)
    first = ssm.get_parameters_by_path(Path="/svc", MaxResults=2)
    second = ssm.get_parameters_by_path(Path="/svc", MaxResults=2,
                                        NextToken=dig(first, "NextToken", default="none"))
    ssm.get_parameters_by_path(Path="/svc", MaxResults=2,
                               NextToken=dig(second, "NextToken", default="none"))
    ssm.get_parameters_by_path(Path="/svc", ParameterFilters=[{"Key": "Type", "Values": ["String"]}])
    ssm.get_parameters_by_path(Path="/svc", ParameterFilters=[{"Key": "Name", "Values": ["/svc/a"]}])
    ssm.get_parameters_by_path(Path="/nothing/here")
    ssm.describe_parameters(ParameterFilters=[{"Key": "Path", "Values": ["/svc"]}])
    ssm.describe_parameters(ParameterFilters=[{"Key": "Path", "Option": "Recursive", "Values": ["/svc"]}])
    ssm.describe_parameters(ParameterFilters=[{"Key": "Path", "Values": ["/"]}])
    ssm.describe_parameters(ParameterFilters=[{"Key": "Name", "Option": "BeginsWith", "Values": ["/svc/d"]}])
    ssm.describe_parameters(ParameterFilters=[{"Key": "Type", "Values": ["SecureString"]}])
    ssm.describe_parameters(ParameterFilters=[{"Key": "KeyId", "Values": ["alias/aws/ssm"]}])
    ssm.describe_parameters(ParameterFilters=[{"Key": "tag:team", "Values": ["data"]}])
    ssm.describe_parameters(ParameterFilters=[{"Key": "Type", "Values": ["String"]},
                                              {"Key": "Path", "Values": ["/svc"]}])
    ssm.describe_parameters(Filters=[{"Key": "Name", "Values": ["/other"]}])
    ssm.describe_parameters(Filters=[{"Key": "Type", "Values": ["StringList"]}])
    ssm.describe_parameters(Filters=[{"Key": "Name", "Values": ["/svc"]}],
                            ParameterFilters=[{"Key": "Type", "Values": ["String"]}])
    ssm.describe_parameters(ParameterFilters=[{"Key": "Label", "Values": ["x"]}])
    ssm.describe_parameters(ParameterFilters=[{"Key": "Type", "Option": "Contains", "Values": ["String"]}])
    ssm.describe_parameters(ParameterFilters=[{"Key": "Type", "Values": ["Number"]}])
    ssm.describe_parameters(ParameterFilters=[{"Key": "Path", "Values": ["/aws/service"]}])
    ssm.describe_parameters(ParameterFilters=[{"Key": "Name", "Values": ["a"]},
                                              {"Key": "Name", "Values": ["b"]}])
    page = ssm.describe_parameters(MaxResults=5)
    ssm.describe_parameters(MaxResults=5, NextToken=dig(page, "NextToken", default="none"))


def labels(aws):
    ssm = aws.client("ssm")
    for value in ["off", "on", "auto"]:
        ssm.put_parameter(Name="/feature/flag", Value=value, Type="String", Overwrite=True)
    ssm.label_parameter_version(Name="/feature/flag", ParameterVersion=1, Labels=["stable", "1bad", "awsx"])
    ssm.get_parameter(Name="/feature/flag:stable")
    ssm.label_parameter_version(Name="/feature/flag", Labels=["stable", "latest"])
    ssm.get_parameter_history(Name="/feature/flag")
    ssm.get_parameters_by_path(Path="/feature", ParameterFilters=[{"Key": "Label", "Values": ["stable"]}])
    ssm.label_parameter_version(Name="/feature/flag", ParameterVersion=2,
                                Labels=[f"l{n}" for n in range(10)])
    ssm.label_parameter_version(Name="/feature/flag", ParameterVersion=2, Labels=["l10"])
    ssm.label_parameter_version(Name="/feature/flag", ParameterVersion=1,
                                Labels=[f"m{n}" for n in range(11)])
    ssm.label_parameter_version(Name="/feature/flag", ParameterVersion=9, Labels=["x"])
    ssm.unlabel_parameter_version(Name="/feature/flag", ParameterVersion=3, Labels=["stable", "never"])
    ssm.unlabel_parameter_version(Name="/feature/flag", ParameterVersion=9, Labels=["stable"])
    ssm.get_parameter(Name="/feature/flag:stable")
    ssm.get_parameter_history(Name="/feature/flag", MaxResults=2)


def tags(aws):
    ssm = aws.client("ssm")
    ssm.put_parameter(Name="/tagged/x", Value="v", Type="String", Tags=[{"Key": "team", "Value": "data"}])
    ssm.add_tags_to_resource(ResourceType="Parameter", ResourceId="/tagged/x",
                             Tags=[{"Key": "env", "Value": "dev"}, {"Key": "team", "Value": "web"}])
    ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId="/tagged/x")
    ssm.remove_tags_from_resource(ResourceType="Parameter", ResourceId="/tagged/x", TagKeys=["team", "none"])
    ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId="/tagged/x")
    ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId="/tagged/missing")
    ssm.add_tags_to_resource(ResourceType="Parameter", ResourceId="/tagged/missing",
                             Tags=[{"Key": "a", "Value": "b"}])
    ssm.list_tags_for_resource(ResourceType="Document", ResourceId="my-doc")


SCENARIOS = [
    parameters_and_versions,
    names_and_rules,
    tiers_and_patterns,
    paths_filters_and_pages,
    labels,
    tags,
]
