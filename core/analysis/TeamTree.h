#pragma once

#include "EventIndex.h"

#include <QHash>
#include <QString>

#include <vector>

namespace pulsebook {

// The team hierarchy of team.csv (VP -> director -> manager -> CSM) and whose accounts are
// whose: a node's accounts are those of every CSM at or below it (accounts.csv's csm column).
class TeamTree
{
public:
    struct Node
    {
        QString person;
        QString role;
        int parent = -1; // -1: a top of the hierarchy
        int depth = 0;
        std::vector<int> children; // by person
        std::vector<int> accounts; // accounts whose CSM is this person, ascending
    };

    // False with *error naming the people on a cycle of "manager" links.
    bool build(const EventIndex& index, QString* error);

    const std::vector<Node>& nodes() const { return m_nodes; }
    // The tops of the hierarchy, by person.
    const std::vector<int>& roots() const { return m_roots; }
    // -1 when nobody of that name is in team.csv.
    int find(const QString& person) const { return m_byPerson.value(person, -1); }
    // The accounts of node n and everyone below it, ascending.
    std::vector<int> accountsUnder(int n) const;
    // Accounts whose CSM is empty or not in team.csv, ascending.
    const std::vector<int>& unassigned() const { return m_unassigned; }
    // Node n and everyone below it, depth first (children by person).
    std::vector<int> subtree(int n) const;

private:
    std::vector<Node> m_nodes;
    std::vector<int> m_roots;
    QHash<QString, int> m_byPerson;
    std::vector<int> m_unassigned;
};

} // namespace pulsebook
