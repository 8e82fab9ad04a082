//! Event source mappings from SQS queues at work: Lambda's poller, run at fixed points
//! instead of in the background, so a test sees the same deliveries on every run.
//!
//! A queue is polled for its enabled mappings when SendMessage or SendMessageBatch to it
//! succeeds (as Moto does), when SNS delivers to it, and when CreateEventSourceMapping or
//! UpdateEventSourceMapping leaves an enabled mapping on it, before the request answers.
//! One poll receives batches of up to `BatchSize` messages until the queue has none
//! left that the function did not already fail on in this poll. A message that failed
//! becomes visible again after the queue's visibility timeout and is retried at the next
//! poll; after the redrive policy's `maxReceiveCount` receives it moves to the
//! dead-letter queue, as SQS moves it. Every id comes from the seeded source, every
//! time from the backend clock. <https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html>

use std::collections::HashSet;

use serde_json::{Value, json};

use super::handler::LambdaResult;
use super::invoke::{resolve, run};
use super::model::LambdaState;
use super::names;
use crate::protocol::engine::Answer;
use crate::protocol::error::Protocol;
use crate::services::{Context, Route};

/// What Lambda reports of a poll in which the function answered.
pub(super) const PROCESSED: &str = "OK";

/// What Lambda reports of a poll in which the function failed or could not run.
pub(super) const FAILED: &str = "PROBLEM: Function call failed";

/// An enabled mapping from a queue, as one poll needs it.
struct QueueMapping {
    uuid: String,
    function_arn: String,
    batch_size: usize,
    reports_item_failures: bool,
    filters: Vec<String>,
}

impl QueueMapping {
    /// Whether `record` passes the mapping's filters: any of them, or no filters at all.
    /// A record's JSON body is matched as JSON, any other body as a string.
    fn passes(&self, record: &Value) -> bool {
        if self.filters.is_empty() {
            return true;
        }
        let mut candidate = record.clone();
        if let Some(body) = record.get("body").and_then(Value::as_str)
            && let Ok(parsed) = serde_json::from_str::<Value>(body)
        {
            candidate["body"] = parsed;
        }
        self.filters
            .iter()
            .any(|pattern| crate::services::sns::pattern_matches(pattern, &candidate) == Some(true))
    }
}

/// The enabled mappings from the queue `queue_arn`, in creation order.
fn mappings_of(state: &LambdaState, region: &str, queue_arn: &str) -> Vec<QueueMapping> {
    let mut mappings: Vec<(u64, QueueMapping)> = state.with_region(region, |resources| {
        resources
            .event_source_mappings
            .values()
            .filter(|mapping| {
                mapping.enabled
                    && mapping
                        .settings
                        .get("EventSourceArn")
                        .and_then(Value::as_str)
                        == Some(queue_arn)
            })
            .map(|mapping| {
                let setting = |name: &str| mapping.settings.get(name);
                let batch_size = setting("BatchSize")
                    .and_then(Value::as_u64)
                    .and_then(|size| usize::try_from(size).ok())
                    .unwrap_or(10)
                    .max(1);
                let reports_item_failures = setting("FunctionResponseTypes")
                    .and_then(Value::as_array)
                    .is_some_and(|types| {
                        types.iter().any(|kind| kind == "ReportBatchItemFailures")
                    });
                let filters = setting("FilterCriteria")
                    .and_then(|criteria| criteria.get("Filters"))
                    .and_then(Value::as_array)
                    .map(|filters| {
                        filters
                            .iter()
                            .filter_map(|filter| filter.get("Pattern")?.as_str())
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default();
                (
                    mapping.sequence,
                    QueueMapping {
                        uuid: mapping.uuid.clone(),
                        function_arn: mapping.function_arn.clone(),
                        batch_size,
                        reports_item_failures,
                        filters,
                    },
                )
            })
            .collect()
    });
    mappings.sort_by_key(|(sequence, _)| *sequence);
    mappings.into_iter().map(|(_, mapping)| mapping).collect()
}

/// The message ids of a batch its function reported failed (`batchItemFailures`). An
/// answer that names no message of the batch, or is not of that form, fails the whole
/// batch, as Lambda treats it.
fn failed_items(answer: &Value, batch: &[String]) -> Vec<String> {
    let Some(failures) = answer.get("batchItemFailures") else {
        return Vec::new();
    };
    let Some(failures) = failures.as_array() else {
        return batch.to_vec();
    };
    let mut failed = Vec::new();
    for failure in failures {
        match failure.get("itemIdentifier").and_then(Value::as_str) {
            Some(id) if batch.iter().any(|known| known == id) => failed.push(id.to_owned()),
            _ => return batch.to_vec(),
        }
    }
    failed
}

/// The messages of a batch that stay in the queue after the function's answer.
fn kept_after(result: &LambdaResult, mapping: &QueueMapping, batch: &[String]) -> Vec<String> {
    match result {
        Err(_) => batch.to_vec(),
        Ok(answer) if mapping.reports_item_failures => failed_items(answer, batch),
        Ok(_) => Vec::new(),
    }
}

/// The context of an invocation a poll makes on `route`, from the request that polled.
fn invocation_context<'a>(
    context: &Context<'a>,
    route: &'a Route,
    request_id: &'a str,
) -> Context<'a> {
    Context {
        random: context.random,
        clock: context.clock,
        route,
        request_id,
        account_id: context.account_id,
        origin: context.origin.clone(),
        services: context.services,
    }
}

/// What CreateEventSourceMapping and UpdateEventSourceMapping answer once they have
/// succeeded: before answering, an enabled mapping from a queue polls it (a queue that
/// already holds messages feeds a new mapping at once).
pub(super) async fn after_mapping_change(
    state: &LambdaState,
    context: &Context<'_>,
    changed: Answer,
) -> Answer {
    let output = changed?;
    let uuid = output
        .get("UUID")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let queue = state.with_region(&context.route.region, |resources| {
        let mapping = resources.event_source_mappings.get(uuid)?;
        let source = mapping.settings.get("EventSourceArn")?.as_str()?;
        (mapping.enabled && source.starts_with("arn:") && source.split(':').nth(2) == Some("sqs"))
            .then(|| source.to_owned())
    });
    if let Some(queue) = queue {
        state.poll_queue(context, &queue).await;
    }
    Ok(output)
}

impl LambdaState {
    /// Runs the enabled mappings from the SQS queue `queue_arn` (of this backend, in the
    /// queue's region) on the messages it holds.
    pub(crate) async fn poll_queue(&self, context: &Context<'_>, queue_arn: &str) {
        let region = queue_arn.split(':').nth(3).unwrap_or_default().to_owned();
        for mapping in mappings_of(self, &region, queue_arn) {
            let result = self.poll(context, &region, queue_arn, &mapping).await;
            if let Some(result) = result {
                self.with_region(&region, |resources| {
                    if let Some(stored) = resources.event_source_mappings.get_mut(&mapping.uuid) {
                        stored.last_processing_result = Some(result.to_owned());
                    }
                });
            }
        }
    }

    /// One poll of `queue_arn` for `mapping`: what Lambda then reports of it, or `None`
    /// when there was nothing to process.
    async fn poll(
        &self,
        context: &Context<'_>,
        region: &str,
        queue_arn: &str,
        mapping: &QueueMapping,
    ) -> Option<&'static str> {
        let route = Route {
            service: "lambda".into(),
            region: region.to_owned(),
            protocol: Protocol::RestJson1,
            operation: Some("Invoke".into()),
        };
        let lambda_context = invocation_context(context, &route, context.request_id);
        let sqs = context.services.sqs();
        if sqs.visible_messages(context, queue_arn) == 0 {
            return None;
        }
        let requested = names::parse(&mapping.function_arn, context.account_id).ok()?;
        // A function that cannot run leaves the messages where they are.
        let runnable = resolve(self, &lambda_context, &requested)
            .ok()
            .filter(|invocation| self.handler(&invocation.function_name).is_some());
        let Some(invocation) = runnable else {
            tracing::warn!(
                function = %mapping.function_arn,
                queue = queue_arn,
                "the function of an event source mapping has no registered handler: its queue's messages stay"
            );
            return Some(FAILED);
        };
        let mut seen = HashSet::new();
        let mut outcome = None;
        loop {
            let records = sqs
                .receive_for_lambda(context, queue_arn, mapping.batch_size, &seen)
                .unwrap_or_default();
            if records.is_empty() {
                return outcome;
            }
            let id_of =
                |record: &Value| record["messageId"].as_str().unwrap_or_default().to_owned();
            let handle_of = |record: &Value| {
                record["receiptHandle"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned()
            };
            seen.extend(records.iter().map(id_of));
            // Records no filter matches are deleted without running the function.
            let (matching, filtered): (Vec<Value>, Vec<Value>) = records
                .into_iter()
                .partition(|record| mapping.passes(record));
            let filtered: Vec<String> = filtered.iter().map(handle_of).collect();
            sqs.delete_for_lambda(context, queue_arn, &filtered);
            if matching.is_empty() {
                continue;
            }
            let batch: Vec<String> = matching.iter().map(id_of).collect();
            let request_id = context.random.uuid4();
            let invoke_context = invocation_context(context, &route, &request_id);
            let (result, _) = run(
                self,
                &invoke_context,
                &invocation,
                json!({ "Records": matching }),
                None,
            )
            .await;
            if let Err(failure) = &result {
                tracing::info!(
                    function = %invocation.function_name,
                    queue = queue_arn,
                    %failure,
                    "the function failed on a batch: its messages stay in the queue"
                );
            }
            let kept = kept_after(&result, mapping, &batch);
            let done: Vec<String> = matching
                .iter()
                .filter(|record| !kept.contains(&id_of(record)))
                .map(handle_of)
                .collect();
            sqs.delete_for_lambda(context, queue_arn, &done);
            outcome = Some(if result.is_ok() { PROCESSED } else { FAILED });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::lambda::LambdaError;

    fn mapping(reports_item_failures: bool, filters: &[&str]) -> QueueMapping {
        QueueMapping {
            uuid: "u".into(),
            function_arn: "arn:aws:lambda:us-east-1:123456789012:function:f".into(),
            batch_size: 10,
            reports_item_failures,
            filters: filters.iter().map(|filter| (*filter).to_owned()).collect(),
        }
    }

    #[test]
    fn failures_keep_the_batch_or_the_items_reported() {
        let batch = vec!["a".to_owned(), "b".to_owned()];
        let failed: LambdaResult = Err(LambdaError::new("E", "no"));
        assert_eq!(kept_after(&failed, &mapping(false, &[]), &batch), batch);
        let partial: LambdaResult = Ok(json!({"batchItemFailures": [{"itemIdentifier": "b"}]}));
        assert_eq!(kept_after(&partial, &mapping(true, &[]), &batch), ["b"]);
        // Without ReportBatchItemFailures the answer is not read.
        assert!(kept_after(&partial, &mapping(false, &[]), &batch).is_empty());
        let unknown: LambdaResult = Ok(json!({"batchItemFailures": [{"itemIdentifier": "z"}]}));
        assert_eq!(kept_after(&unknown, &mapping(true, &[]), &batch), batch);
        let empty: LambdaResult = Ok(json!({"batchItemFailures": []}));
        assert!(kept_after(&empty, &mapping(true, &[]), &batch).is_empty());
    }

    #[test]
    fn filters_match_json_bodies_and_attributes() {
        let record = json!({"body": "{\"kind\": \"order\", \"total\": 12}",
                            "attributes": {"MessageGroupId": "g1"}});
        assert!(mapping(false, &[]).passes(&record));
        assert!(mapping(false, &[r#"{"body": {"kind": ["order"]}}"#]).passes(&record));
        assert!(
            mapping(false, &[r#"{"body": {"total": [{"numeric": [">", 10]}]}}"#]).passes(&record)
        );
        assert!(!mapping(false, &[r#"{"body": {"kind": ["refund"]}}"#]).passes(&record));
        assert!(
            mapping(
                false,
                &[
                    r#"{"body": {"kind": ["refund"]}}"#,
                    r#"{"attributes": {"MessageGroupId": ["g1"]}}"#
                ]
            )
            .passes(&record)
        );
        let plain = json!({"body": "hello"});
        assert!(mapping(false, &[r#"{"body": ["hello"]}"#]).passes(&plain));
    }
}
