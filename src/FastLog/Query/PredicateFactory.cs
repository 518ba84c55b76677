using FastLog.Query.Predicates;

namespace FastLog.Query;

/// <summary>Builds one worker's predicate tree (or subtree); every node of the tree shares <paramref name="scratch"/>.</summary>
public delegate RecordPredicate PredicateFactory(SelectionScratch scratch);
