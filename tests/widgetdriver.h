#pragma once

// What a person does with shown widgets, for the GUI suites: answer a modal dialog once it opens,
// type or paste over a field's text. Waits end on what happened, never on a bare sleep.

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QLineEdit>
#include <QMenu>
#include <QTest>
#include <QTimer>

#include <functional>

namespace wsm::test {

// Runs `answer` on the modal dialog of type T once it is open: exec() blocks whoever opened it, so
// this polls from inside the dialog's own event loop. Gives up silently after waitMs (the test then
// fails on what the dialog should have done).
template<typename T>
void whenDialogOpens(QObject *context, std::function<void(T *)> answer, int waitMs = 15000)
{
    auto *poll = new QTimer(context);
    poll->setInterval(10);
    const qint64 deadline = QDateTime::currentMSecsSinceEpoch() + waitMs;
    QObject::connect(poll, &QTimer::timeout, context, [poll, answer, deadline] {
        auto *dialog = qobject_cast<T *>(QApplication::activeModalWidget());
        if (!dialog && QDateTime::currentMSecsSinceEpoch() <= deadline)
            return;
        poll->stop();
        poll->deleteLater();
        if (dialog)
            answer(dialog);
    });
    poll->start();
}

// Runs `answer` on the popup menu once it is open (a context menu's exec() blocks as a dialog's
// does); gives up silently after waitMs.
inline void whenMenuOpens(QObject *context, std::function<void(QMenu *)> answer, int waitMs = 15000)
{
    auto *poll = new QTimer(context);
    poll->setInterval(10);
    const qint64 deadline = QDateTime::currentMSecsSinceEpoch() + waitMs;
    QObject::connect(poll, &QTimer::timeout, context, [poll, answer, deadline] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        if (!menu && QDateTime::currentMSecsSinceEpoch() <= deadline)
            return;
        poll->stop();
        poll->deleteLater();
        if (menu)
            answer(menu);
    });
    poll->start();
}

// Chooses a menu's action with the keyboard: highlighted, then Enter.
inline void chooseInMenu(QMenu *menu, QAction *action)
{
    menu->setActiveAction(action);
    QTest::keyClick(menu, Qt::Key_Return);
}

// Clicks into a field and types over what it holds.
inline void typeOver(QLineEdit *field, const QString &text)
{
    QTest::mouseClick(field, Qt::LeftButton, {}, QPoint(4, field->height() / 2));
    QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(field, text);
}

// Clicks into a field and pastes over what it holds (Ctrl+A, Ctrl+V).
inline void pasteOver(QLineEdit *field, const QString &text)
{
    QApplication::clipboard()->setText(text);
    QTest::mouseClick(field, Qt::LeftButton, {}, QPoint(4, field->height() / 2));
    QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(field, Qt::Key_V, Qt::ControlModifier);
}

} // namespace wsm::test
