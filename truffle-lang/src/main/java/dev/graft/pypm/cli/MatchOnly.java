package dev.graft.pypm.cli;

import dev.graft.pypm.CompiledQuery;
import dev.graft.pypm.Matcher;
import dev.graft.pypm.core.IllFormedException;
import dev.graft.pypm.core.MalformedRequestException;
import dev.graft.pypm.core.Request;
import dev.graft.pypm.core.WireReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The matching part of core mode alone, for {@code graft bench core}: the requests read
 * and their programs compiled once, then only matched, so that the figure shows the
 * interpreter (where Truffle's optimizing runtime acts) without the text in and out.
 */
record MatchOnly(List<CompiledQuery> queries, List<Request> requests) {
    static MatchOnly of(List<String> lines) {
        Map<String, CompiledQuery> programs = new HashMap<>();
        List<CompiledQuery> queries = new ArrayList<>();
        List<Request> requests = new ArrayList<>();
        for (String line : lines) {
            try {
                Request request = WireReader.request(line);
                queries.add(programs.computeIfAbsent(request.program(),
                        text -> Matcher.compile(request.definitions(), request.query())));
                requests.add(request);
            } catch (MalformedRequestException | IllFormedException e) {
                // Only requests that reach the matcher count here.
            }
        }
        return new MatchOnly(queries, requests);
    }

    int size() {
        return requests.size();
    }

    /** Matches every request and makes no answer: the results are only counted. */
    void matchAll() {
        for (int i = 0; i < requests.size(); i++) {
            queries.get(i).resultCount(requests.get(i).term(), requests.get(i).fuel());
        }
    }
}
