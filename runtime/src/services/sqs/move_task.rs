//! Message move tasks: a dead-letter queue's messages sent back to the queues whose
//! redrive put them there, or to another queue. A task moves everything it can as it is
//! started, so it is listed as COMPLETED (or FAILED) at once and is never running when
//! someone tries to cancel it.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::SystemTime;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

use super::model::{Queue, QueueKey, key_of_arn};

/// Why a task stopped before moving every message, as `FailureReason` says it.
pub(super) const NO_MESSAGE_SOURCE: &str = "CouldNotDetermineMessageSource";
/// The queue a message was to go to does not exist (any more).
pub(super) const NO_DESTINATION: &str = "AWS.SimpleQueueService.NonExistentQueue";

/// One message move task, as ListMessageMoveTasks reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct MoveTask {
    pub(super) task_id: String,
    pub(super) source_arn: String,
    /// `None`: each message went back to the queue it came from.
    pub(super) destination_arn: Option<String>,
    pub(super) max_per_second: Option<u64>,
    pub(super) started: SystemTime,
    /// The messages the source queue held when the task started.
    pub(super) to_move: u64,
    pub(super) moved: u64,
    /// Set when the task failed.
    pub(super) failure: Option<&'static str>,
}

impl MoveTask {
    pub(super) fn status(&self) -> &'static str {
        if self.failure.is_some() {
            "FAILED"
        } else {
            "COMPLETED"
        }
    }
}

/// What running a task over the queues did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct MoveOutcome {
    pub(super) to_move: u64,
    pub(super) moved: u64,
    pub(super) failure: Option<&'static str>,
}

/// Moves the messages visible in `source` to `destination`, or each to the queue whose
/// redrive sent it, in order; each arrives as a new message with an id from `new_id`.
/// A message whose destination cannot be found stops the task there: it and the
/// messages after it stay where they are.
pub(super) fn run(
    queues: &mut BTreeMap<QueueKey, Queue>,
    source: &QueueKey,
    destination: Option<&QueueKey>,
    now: SystemTime,
    mut new_id: impl FnMut() -> String,
) -> MoveOutcome {
    let Some(source_queue) = queues.get(source) else {
        return MoveOutcome {
            to_move: 0,
            moved: 0,
            failure: Some(NO_DESTINATION),
        };
    };
    let candidates: Vec<(String, Option<String>)> = source_queue
        .visible_messages(now)
        .map(|message| (message.id.clone(), message.dead_letter_source.clone()))
        .collect();
    let mut plan: BTreeMap<String, QueueKey> = BTreeMap::new();
    let mut failure = None;
    for (id, came_from) in &candidates {
        let target = match (destination, came_from) {
            (Some(destination), _) => Some(destination.clone()),
            (None, Some(arn)) => key_of_arn(queues, arn),
            (None, None) => {
                failure = Some(NO_MESSAGE_SOURCE);
                break;
            }
        };
        let Some(target) = target.filter(|key| queues.contains_key(key)) else {
            failure = Some(NO_DESTINATION);
            break;
        };
        plan.insert(id.clone(), target);
    }
    let ids: HashSet<String> = plan.keys().cloned().collect();
    let taken = queues
        .get_mut(source)
        .map(|queue| queue.take_messages(&ids))
        .unwrap_or_default();
    let mut moved = 0;
    for message in taken {
        if let Some(queue) = plan
            .get(&message.id)
            .and_then(|target| queues.get_mut(target))
        {
            queue.accept_moved(message, new_id(), now);
            moved += 1;
        }
    }
    MoveOutcome {
        to_move: count(candidates.len()),
        moved,
        failure,
    }
}

fn count(length: usize) -> u64 {
    u64::try_from(length).unwrap_or(u64::MAX)
}

/// A task's handle: base64 of `{"taskId":...,"sourceArn":...}`, as SQS writes them.
pub(super) fn encode_handle(task_id: &str, source_arn: &str) -> String {
    let document = format!(
        "{{\"taskId\":{},\"sourceArn\":{}}}",
        Value::from(task_id),
        Value::from(source_arn)
    );
    STANDARD.encode(document)
}

/// The task id and source queue ARN a handle names; `None` if it is not a handle.
pub(super) fn decode_handle(handle: &str) -> Option<(String, String)> {
    let bytes = STANDARD.decode(handle.trim()).ok()?;
    let document: Value = serde_json::from_slice(&bytes).ok()?;
    let field = |name: &str| {
        document
            .get(name)
            .and_then(Value::as_str)
            .filter(|text| !text.is_empty())
            .map(str::to_owned)
    };
    Some((field("taskId")?, field("sourceArn")?))
}

/// Every task of one backend, oldest first.
#[derive(Debug, Default)]
pub(super) struct MoveTasks {
    tasks: Mutex<Vec<MoveTask>>,
}

impl MoveTasks {
    pub(super) fn record(&self, task: MoveTask) {
        self.lock().push(task);
    }

    /// The latest `limit` tasks of the source queue `source_arn`, newest first.
    pub(super) fn recent(&self, source_arn: &str, limit: usize) -> Vec<MoveTask> {
        self.lock()
            .iter()
            .rev()
            .filter(|task| task.source_arn == source_arn)
            .take(limit)
            .cloned()
            .collect()
    }

    /// Forgets the tasks of a deleted queue: a queue made again under its name starts
    /// with none.
    pub(super) fn forget_source(&self, source_arn: &str) {
        self.lock().retain(|task| task.source_arn != source_arn);
    }

    pub(super) fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> MutexGuard<'_, Vec<MoveTask>> {
        // Every change is one push or retain: a poisoned lock still holds whole tasks.
        self.tasks.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_name_the_task_and_its_source() {
        let handle = encode_handle("0f1e", "arn:aws:sqs:us-east-1:123456789012:dlq");
        assert_eq!(
            STANDARD.decode(&handle).unwrap(),
            br#"{"taskId":"0f1e","sourceArn":"arn:aws:sqs:us-east-1:123456789012:dlq"}"#
        );
        assert_eq!(
            decode_handle(&handle),
            Some((
                "0f1e".to_owned(),
                "arn:aws:sqs:us-east-1:123456789012:dlq".to_owned()
            ))
        );
        assert_eq!(decode_handle("foobared"), None);
        assert_eq!(decode_handle(&STANDARD.encode(r#"{"taskId":"x"}"#)), None);
    }

    fn task(id: &str, source: &str) -> MoveTask {
        MoveTask {
            task_id: id.to_owned(),
            source_arn: source.to_owned(),
            destination_arn: None,
            max_per_second: None,
            started: SystemTime::UNIX_EPOCH,
            to_move: 0,
            moved: 0,
            failure: None,
        }
    }

    #[test]
    fn recent_tasks_come_newest_first_per_source() {
        let tasks = MoveTasks::default();
        for (id, source) in [("1", "a"), ("2", "b"), ("3", "a"), ("4", "a")] {
            tasks.record(task(id, source));
        }
        let ids = |found: Vec<MoveTask>| -> Vec<String> {
            found.into_iter().map(|task| task.task_id).collect()
        };
        assert_eq!(ids(tasks.recent("a", 2)), ["4", "3"]);
        assert_eq!(ids(tasks.recent("a", 10)), ["4", "3", "1"]);
        tasks.forget_source("a");
        assert!(tasks.recent("a", 10).is_empty());
        assert_eq!(ids(tasks.recent("b", 10)), ["2"]);
    }
}
