#pragma once

#include "EventIndex.h"

#include <QHash>
#include <QString>

#include <vector>

namespace pulsebook {

// A person's level in a CS organisation.
enum class TeamLevel { VP, Director, Manager, CSM };

// The team hierarchy of team.csv (VP -> director -> manager -> CSM) and whose accounts are
// whose: a node's accounts are those of every CSM at or below it (accounts.csv's csm column).
class TeamTree
{
public:
    struct Node
    {
        QString person;
        QString role; // the job title as written ("Senior CSM"), may be empty
        TeamLevel level = TeamLevel::CSM;
        int parent = -1; // -1: a top of the hierarchy
        int depth = 0;
        std::vector<int> children; // by person
        std::vector<int> accounts; // accounts whose CSM is this person, ascending
    };

    // The level a job title names, if it names one: "VP", "SVP", "Vice President", "Chief" ->
    // VP; "Director" -> director; "CSM", "Customer Success Manager" -> CSM; "Manager",
    // "Head of" -> manager (checked in that order, words in any case). False otherwise.
    static bool levelOfTitle(const QString& title, TeamLevel* level);
    // A person's level: the title's when it names one, else from the manager links: nobody
    // above them -> VP, nobody below -> CSM, else manager.
    static TeamLevel level(const QString& title, bool hasManager, bool hasReports);
    // "VP", "Director", "Manager", "CSM".
    static QString levelName(TeamLevel level);

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
