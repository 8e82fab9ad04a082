"""API Gateway (REST APIs) scenarios: APIs and their resource trees, methods and method
responses, MOCK, HTTP and Lambda-proxy integrations and their responses, deployments and
stages, API keys and usage plans, authorizers, tags, paging and the errors clients handle.

Every call names the members whose values are drawn ids (`_random=IDS`): API Gateway's
ids are 10 random letters and digits with no prefix, so they are recognised by key.
"""

from harness import dig

# Members holding drawn ids (and API key values drawn when none is given).
IDS = ("id", "rootResourceId", "parentId", "deploymentId", "apiId", "position",
       "cacheNamespace", "restApiId", "keyId")
LAMBDA_URI = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
              "arn:aws:lambda:us-east-1:123456789012:function:orders/invocations")


def new_api(apigw, name, **kwargs):
    api = apigw.create_rest_api(name=name, _random=IDS, **kwargs)
    return dig(api, "id", default="none"), dig(api, "rootResourceId", default="none")


def rest_apis(aws):
    apigw = aws.client("apigateway")
    api, _ = new_api(apigw, "orders", description="the orders API",
                     endpointConfiguration={"types": ["REGIONAL"]}, tags={"team": "shop"})
    apigw.get_rest_api(restApiId=api, _random=IDS)
    apigw.update_rest_api(restApiId=api, _random=IDS, patchOperations=[
        {"op": "replace", "path": "/name", "value": "orders-v2"},
        {"op": "replace", "path": "/description", "value": "second"},
    ])
    apigw.get_rest_apis(_random=IDS)
    apigw.delete_rest_api(restApiId=api)
    apigw.get_rest_api(restApiId=api)
    apigw.delete_rest_api(restApiId=api)


def resources(aws):
    apigw = aws.client("apigateway")
    api, root = new_api(apigw, "shop")
    orders = apigw.create_resource(restApiId=api, parentId=root, pathPart="orders", _random=IDS)
    orders_id = dig(orders, "id", default="none")
    order = apigw.create_resource(restApiId=api, parentId=orders_id, pathPart="{id}", _random=IDS)
    apigw.create_resource(restApiId=api, parentId=root, pathPart="{proxy+}", _random=IDS)
    apigw.create_resource(restApiId=api, parentId=orders_id, pathPart="bad path", _random=IDS)
    apigw.create_resource(restApiId=api, parentId="missing000", pathPart="x", _random=IDS)
    apigw.get_resource(restApiId=api, resourceId=dig(order, "id", default="none"), _random=IDS)
    apigw.get_resource(restApiId=api, resourceId="missing000", _random=IDS)
    apigw.delete_resource(restApiId=api, resourceId=orders_id)
    apigw.get_resource(restApiId=api, resourceId=dig(order, "id", default="none"), _random=IDS)


def methods_and_integrations(aws):
    apigw = aws.client("apigateway")
    api, root = new_api(apigw, "pets")
    apigw.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE",
                     _random=IDS)
    apigw.get_method(restApiId=api, resourceId=root, httpMethod="POST", _random=IDS)
    apigw.put_method_response(restApiId=api, resourceId=root, httpMethod="GET", statusCode="200",
                              responseModels={"application/json": "Empty"}, _random=IDS)
    apigw.get_method_response(restApiId=api, resourceId=root, httpMethod="GET", statusCode="200",
                              _random=IDS)
    apigw.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="HTTP",
                          uri="http://example.com", _random=IDS)
    apigw.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK",
                          requestTemplates={"application/json": '{"statusCode": 200}'},
                          _random=IDS)
    apigw.put_integration_response(restApiId=api, resourceId=root, httpMethod="GET",
                                   statusCode="200", selectionPattern="",
                                   responseTemplates={"application/json": '{"ok": true}'},
                                   _random=IDS)
    apigw.get_integration_response(restApiId=api, resourceId=root, httpMethod="GET",
                                   statusCode="200", _random=IDS)
    apigw.get_integration(restApiId=api, resourceId=root, httpMethod="GET", _random=IDS)
    apigw.get_method(restApiId=api, resourceId=root, httpMethod="GET", _random=IDS)
    apigw.put_method(restApiId=api, resourceId=root, httpMethod="POST", authorizationType="NONE",
                     apiKeyRequired=True, _random=IDS)
    apigw.put_integration(restApiId=api, resourceId=root, httpMethod="POST", type="AWS_PROXY",
                          integrationHttpMethod="POST", uri=LAMBDA_URI, _random=IDS)
    apigw.get_integration(restApiId=api, resourceId=root, httpMethod="POST", _random=IDS)
    apigw.delete_integration_response(restApiId=api, resourceId=root, httpMethod="GET",
                                      statusCode="200")
    apigw.delete_method_response(restApiId=api, resourceId=root, httpMethod="GET",
                                 statusCode="200")
    apigw.delete_integration(restApiId=api, resourceId=root, httpMethod="POST")
    apigw.delete_method(restApiId=api, resourceId=root, httpMethod="POST")
    apigw.get_resources(restApiId=api, embed=["methods"], _random=IDS)


def deployments_and_stages(aws):
    apigw = aws.client("apigateway")
    api, root = new_api(apigw, "stages")
    apigw.create_deployment(restApiId=api, stageName="dev", _random=IDS)
    apigw.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE",
                     _random=IDS)
    apigw.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK",
                          _random=IDS)
    first = apigw.create_deployment(restApiId=api, stageName="dev", description="first",
                                    _random=IDS)
    first_id = dig(first, "id", default="none")
    apigw.get_deployment(restApiId=api, deploymentId=first_id, _random=IDS)
    apigw.get_stage(restApiId=api, stageName="dev", _random=IDS)
    apigw.create_stage(restApiId=api, stageName="dev", deploymentId=first_id, _random=IDS)
    apigw.create_stage(restApiId=api, stageName="prod", deploymentId=first_id,
                       description="production", variables={"color": "blue"}, _random=IDS)
    apigw.update_stage(restApiId=api, stageName="prod", _random=IDS, patchOperations=[
        {"op": "replace", "path": "/variables/color", "value": "green"},
        {"op": "replace", "path": "/description", "value": "live"},
    ])
    apigw.get_stages(restApiId=api, _random=IDS)
    apigw.delete_deployment(restApiId=api, deploymentId=first_id)
    apigw.delete_stage(restApiId=api, stageName="dev")
    apigw.delete_stage(restApiId=api, stageName="prod")
    apigw.get_stage(restApiId=api, stageName="prod", _random=IDS)
    apigw.delete_deployment(restApiId=api, deploymentId=first_id)
    apigw.get_deployments(restApiId=api, _random=IDS)


def api_keys_and_usage_plans(aws):
    apigw = aws.client("apigateway")
    apigw.create_api_key(name="short", value="tooshort", _random=IDS)
    partner = apigw.create_api_key(name="partner", value="partner-key-0123456789", enabled=True,
                                   _random=IDS)
    apigw.create_api_key(name="partner-2", value="partner-key-0123456789", _random=IDS)
    apigw.create_api_key(name="mobile", value="mobile-key-0123456789", _random=IDS)
    key_id = dig(partner, "id", default="none")
    apigw.get_api_key(apiKey=key_id, _random=IDS)
    apigw.get_api_key(apiKey=key_id, includeValue=True, _random=IDS)
    apigw.get_api_keys(nameQuery="part", _random=IDS)
    apigw.get_api_keys(includeValues=True, _random=IDS)
    plan = apigw.create_usage_plan(name="gold", description="for partners",
                                   throttle={"rateLimit": 10.0, "burstLimit": 5},
                                   quota={"limit": 1000, "period": "MONTH"}, _random=IDS)
    plan_id = dig(plan, "id", default="none")
    apigw.get_usage_plan(usagePlanId=plan_id, _random=IDS)
    apigw.create_usage_plan_key(usagePlanId=plan_id, keyId=key_id, keyType="API_KEY",
                                _random=IDS)
    apigw.create_usage_plan_key(usagePlanId=plan_id, keyId="missing000", keyType="API_KEY",
                                _random=IDS)
    apigw.get_usage_plan_keys(usagePlanId=plan_id, _random=IDS)
    apigw.get_usage_plans(keyId=key_id, _random=IDS)
    apigw.delete_usage_plan_key(usagePlanId=plan_id, keyId=key_id)
    apigw.get_usage_plan_keys(usagePlanId=plan_id, _random=IDS)
    apigw.delete_usage_plan(usagePlanId=plan_id)
    apigw.get_usage_plan(usagePlanId=plan_id, _random=IDS)
    apigw.delete_api_key(apiKey=key_id)
    apigw.get_api_key(apiKey=key_id, _random=IDS)
    apigw.delete_api_key(apiKey=key_id)


def authorizers_and_tags(aws):
    apigw = aws.client("apigateway")
    api, _ = new_api(apigw, "secured")
    auth = apigw.create_authorizer(restApiId=api, name="tokens", type="TOKEN",
                                   authorizerUri=LAMBDA_URI,
                                   identitySource="method.request.header.Authorization",
                                   _random=IDS)
    auth_id = dig(auth, "id", default="none")
    apigw.get_authorizer(restApiId=api, authorizerId=auth_id, _random=IDS)
    apigw.get_authorizers(restApiId=api, _random=IDS)
    apigw.delete_authorizer(restApiId=api, authorizerId=auth_id)
    apigw.get_authorizer(restApiId=api, authorizerId=auth_id, _random=IDS)
    arn = f"arn:aws:apigateway:us-east-1::/restapis/{api}"
    apigw.tag_resource(resourceArn=arn, tags={"env": "test", "team": "web"})
    apigw.untag_resource(resourceArn=arn, tagKeys=["team"])
    apigw.get_tags(resourceArn=arn)


def paging(aws):
    apigw = aws.client("apigateway")
    for name in ("a", "b", "c"):
        new_api(apigw, name)
    first = apigw.get_rest_apis(limit=2, _random=IDS)
    apigw.get_rest_apis(limit=2, position=dig(first, "position", default="none"), _random=IDS)


SCENARIOS = [
    rest_apis,
    resources,
    methods_and_integrations,
    deployments_and_stages,
    api_keys_and_usage_plans,
    authorizers_and_tags,
    paging,
]
