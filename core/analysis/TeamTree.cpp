#include "TeamTree.h"

#include <QRegularExpression>

#include <algorithm>

namespace pulsebook {

bool TeamTree::levelOfTitle(const QString& title, TeamLevel* level)
{
    // Whole words only: "Vice President" but not "CSM" in "CSMO"; CSM before manager, since
    // a Customer Success Manager is a CSM.
    static const std::pair<QRegularExpression, TeamLevel> keywords[] = {
        {QRegularExpression(QStringLiteral("\\b(s?vp|evp|vice president|chief)\\b"),
                            QRegularExpression::CaseInsensitiveOption),
         TeamLevel::VP},
        {QRegularExpression(QStringLiteral("\\bdirector\\b"),
                            QRegularExpression::CaseInsensitiveOption),
         TeamLevel::Director},
        {QRegularExpression(QStringLiteral("\\b(csms?|customer success manager)\\b"),
                            QRegularExpression::CaseInsensitiveOption),
         TeamLevel::CSM},
        {QRegularExpression(QStringLiteral("\\b(manager|head of)\\b"),
                            QRegularExpression::CaseInsensitiveOption),
         TeamLevel::Manager},
    };
    for (const auto& [pattern, named] : keywords) {
        if (pattern.match(title).hasMatch()) {
            *level = named;
            return true;
        }
    }
    return false;
}

TeamLevel TeamTree::level(const QString& title, bool hasManager, bool hasReports)
{
    TeamLevel named;
    if (levelOfTitle(title, &named))
        return named;
    if (!hasManager)
        return TeamLevel::VP;
    return hasReports ? TeamLevel::Manager : TeamLevel::CSM;
}

QString TeamTree::levelName(TeamLevel level)
{
    switch (level) {
    case TeamLevel::VP:
        return QStringLiteral("VP");
    case TeamLevel::Director:
        return QStringLiteral("Director");
    case TeamLevel::Manager:
        return QStringLiteral("Manager");
    case TeamLevel::CSM:
        break;
    }
    return QStringLiteral("CSM");
}

bool TeamTree::build(const EventIndex& index, QString* error)
{
    m_nodes.clear();
    m_roots.clear();
    m_byPerson.clear();
    m_unassigned.clear();
    for (const TeamMember& m : index.team()) {
        Node n;
        n.person = m.person;
        n.role = m.role;
        m_byPerson.insert(m.person, int(m_nodes.size()));
        m_nodes.push_back(n);
    }
    const std::vector<TeamMember>& team = index.team();
    for (size_t i = 0; i < m_nodes.size(); ++i) {
        const int parent = team[i].manager.isEmpty() ? -1 : find(team[i].manager);
        m_nodes[i].parent = parent == int(i) ? -1 : parent;
    }
    // Depths, refusing cycles: a chain longer than the team has people loops.
    for (size_t i = 0; i < m_nodes.size(); ++i) {
        int depth = 0;
        for (int at = m_nodes[i].parent; at >= 0; at = m_nodes[size_t(at)].parent) {
            if (++depth > int(m_nodes.size())) {
                QStringList loop;
                int p = at;
                do {
                    loop.append(m_nodes[size_t(p)].person);
                    p = m_nodes[size_t(p)].parent;
                } while (p != at && loop.size() <= int(m_nodes.size()));
                if (error)
                    *error = QStringLiteral("team: the managers form a cycle (%1 -> %2)")
                                 .arg(loop.join(QStringLiteral(" -> ")), loop.first());
                return false;
            }
        }
        m_nodes[i].depth = depth;
    }
    for (size_t i = 0; i < m_nodes.size(); ++i) {
        if (m_nodes[i].parent < 0)
            m_roots.push_back(int(i));
        else
            m_nodes[size_t(m_nodes[i].parent)].children.push_back(int(i));
    }
    for (Node& n : m_nodes)
        n.level = level(n.role, n.parent >= 0, !n.children.empty());
    for (int a = 0; a < index.accountCount(); ++a) {
        const int n = find(index.accountProperty(a, QStringLiteral("csm")).toString().trimmed());
        if (n >= 0)
            m_nodes[size_t(n)].accounts.push_back(a);
        else
            m_unassigned.push_back(a);
    }
    return true;
}

std::vector<int> TeamTree::subtree(int n) const
{
    std::vector<int> out;
    std::vector<int> stack{n};
    while (!stack.empty()) {
        const int at = stack.back();
        stack.pop_back();
        out.push_back(at);
        const auto& children = m_nodes[size_t(at)].children;
        stack.insert(stack.end(), children.rbegin(), children.rend());
    }
    return out;
}

std::vector<int> TeamTree::accountsUnder(int n) const
{
    std::vector<int> out;
    for (const int at : subtree(n))
        out.insert(out.end(), m_nodes[size_t(at)].accounts.begin(),
                   m_nodes[size_t(at)].accounts.end());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace pulsebook
