package io.skillbox.gateway.egress;

import io.skillbox.core.network.NetworkEvents;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event the proxy reports. */
final class RecordingEvents implements NetworkEvents {

    record Event(String runId, String event, Map<String, Object> details) {}

    private final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void record(String runId, String event, Map<String, Object> details) {
        events.add(new Event(runId, event, Map.copyOf(details)));
    }

    List<Event> all() {
        return List.copyOf(events);
    }

    List<Event> named(String event) {
        return events.stream().filter(e -> e.event().equals(event)).toList();
    }
}
