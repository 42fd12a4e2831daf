<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>CounterActions</name>
    <message>
        <location filename="../../hallclient/ui/views/actions.py" line="+45" />
        <source>叫号</source>
        <translation>Call</translation>
    </message>
    <message>
        <location line="+1" />
        <source>呼叫下一位等候的申请人</source>
        <translation>Call the next waiting applicant</translation>
    </message>
    <message>
        <location line="+5" />
        <source>重呼</source>
        <translation>Recall</translation>
    </message>
    <message>
        <location line="+1" />
        <source>再次呼叫当前号</source>
        <translation>Call the current ticket again</translation>
    </message>
    <message>
        <location line="+5" />
        <source>开始办理</source>
        <translation>Start</translation>
    </message>
    <message>
        <location line="+1" />
        <source>申请人已到窗口，开始办理</source>
        <translation>The applicant is at the counter: start serving</translation>
    </message>
    <message>
        <location line="+5" />
        <source>办结</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location line="+1" />
        <source>办理完毕，请申请人评价</source>
        <translation>Done: ask the applicant for a rating</translation>
    </message>
    <message>
        <location line="+5" />
        <source>过号</source>
        <translation>No-show</translation>
    </message>
    <message>
        <location line="+1" />
        <source>申请人未到，标记过号（需确认）</source>
        <translation>The applicant did not come: mark as no-show (asks first)</translation>
    </message>
    <message>
        <location line="+5" />
        <source>转移</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location line="+1" />
        <source>转到其他业务或窗口（需确认）</source>
        <translation>Move to another service or window (asks first)</translation>
    </message>
    <message>
        <location line="+5" />
        <source>挂起</source>
        <translation>Suspend</translation>
    </message>
    <message>
        <location line="+1" />
        <source>申请人暂离补材料，回来无需重新取号</source>
        <translation>The applicant leaves to fetch a document and comes back without a new ticket</translation>
    </message>
    <message>
        <location line="+5" />
        <source>暂停服务</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location line="+1" />
        <source>暂停或恢复本窗口叫号</source>
        <translation>Pause or resume calling at this window</translation>
    </message>
    <message>
        <location line="+5" />
        <source>指定叫号</source>
        <translation>Call number</translation>
    </message>
    <message>
        <location line="+1" />
        <source>按号码呼叫指定的号</source>
        <translation>Call a specific ticket by its number</translation>
    </message>
    <message>
        <location line="+5" />
        <source>恢复挂起</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location line="+1" />
        <source>恢复选中的挂起号</source>
        <translation>Resume the selected suspended ticket</translation>
    </message>
    <message>
        <location line="+5" />
        <source>手工登记</source>
        <translation>Paper ticket</translation>
    </message>
    <message>
        <location line="+1" />
        <source>离线时登记纸质号票</source>
        <translation>Log a paper ticket while offline</translation>
    </message>
    <message>
        <location line="+5" />
        <source>快捷键</source>
        <translation>Shortcuts</translation>
    </message>
    <message>
        <location line="+1" />
        <source>显示快捷键说明</source>
        <translation>Show the keyboard shortcuts</translation>
    </message>
</context>
<context>
    <name>CounterController</name>
    <message>
        <location filename="../../hallclient/ui/controllers/counter.py" line="+131" />
        <source>工作人员：%1</source>
        <translation>Clerk: %1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>窗口 %1</source>
        <translation>Window %1</translation>
    </message>
    <message>
        <location line="+95" />
        <source>纸质号票</source>
        <translation>Paper ticket</translation>
    </message>
    <message>
        <location line="+1" />
        <source>办理中</source>
        <translation>Serving</translation>
    </message>
    <message>
        <location line="+12" />
        <source>按 F1 呼叫下一位</source>
        <translation>Press F1 to call the next applicant</translation>
    </message>
    <message>
        <location line="+2" />
        <source>离线：可按 F11 登记纸质号票</source>
        <translation>Offline: press F11 to log a paper ticket</translation>
    </message>
    <message>
        <location line="+3" />
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location line="+14" />
        <source>● 已连接服务器</source>
        <translation>● Connected</translation>
    </message>
    <message>
        <location line="+3" />
        <source>● 离线</source>
        <translation>● Offline</translation>
    </message>
    <message>
        <location line="+2" />
        <source>无法连接服务器（离线）。当前申请人的办理可以继续；叫号暂不可用，纸质号票请按 F11 登记。恢复连接后自动上线。</source>
        <translation>The server cannot be reached (offline). Keep serving the current applicant; calling is unavailable, log paper tickets with F11. The counter reconnects by itself.</translation>
    </message>
    <message>
        <location line="+29" />
        <source>恢复服务</source>
        <translation>Resume service</translation>
    </message>
    <message>
        <location line="+0" />
        <source>暂停服务</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location line="+37" />
        <source>操作未完成：%1 恢复连接后再按一次即可，不会重复。</source>
        <translation>Not done: %1 Press the key again once the connection is back; it will not be done twice.</translation>
    </message>
    <message>
        <location line="+43" />
        <source>当前没有等候的申请人。</source>
        <translation>Nobody is waiting.</translation>
    </message>
    <message>
        <location line="+59" />
        <source>确认 %1 过号？申请人需重新取号。</source>
        <translation>Mark %1 as no-show? The applicant will need a new ticket.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>过号</source>
        <translation>No-show</translation>
    </message>
    <message>
        <location line="+42" />
        <source>指定叫号</source>
        <translation>Call number</translation>
    </message>
    <message>
        <location line="+0" />
        <source>请输入要呼叫的号码，例如 A012：</source>
        <translation>Ticket number to call, e.g. A012:</translation>
    </message>
    <message>
        <location line="+16" />
        <source>%1 已恢复排队。</source>
        <translation>%1 is back in the queue.</translation>
    </message>
    <message>
        <location line="+14" />
        <source>手工登记纸质号票</source>
        <translation>Log a paper ticket</translation>
    </message>
    <message>
        <location line="+1" />
        <source>服务器离线。请输入申请人纸质号票上的号码，恢复连接后会自动核对：</source>
        <translation>The server is offline. Type the number on the applicant's paper ticket; it is reconciled when the connection is back:</translation>
    </message>
    <message>
        <location line="+22" />
        <source>已登记纸质号票 %1，恢复连接后自动核对。</source>
        <translation>Paper ticket %1 logged; it will be reconciled when the connection is back.</translation>
    </message>
    <message>
        <location line="+18" />
        <source>服务器已恢复，请联网登录以继续叫号。</source>
        <translation>The server is back: sign in online to continue calling.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>已恢复与服务器的连接。</source>
        <translation>Connection to the server restored.</translation>
    </message>
    <message>
        <location line="+23" />
        <source>登录已失效，请重新登录。</source>
        <translation>Your session has expired; please sign in again.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>评价保存失败：%1</source>
        <translation>The rating could not be saved: %1</translation>
    </message>
</context>
<context>
    <name>CounterPrompts</name>
    <message>
        <location filename="../../hallclient/ui/controllers/prompts.py" line="+27" />
        <source>操作未完成</source>
        <translation>Not done</translation>
    </message>
</context>
<context>
    <name>CounterWindow</name>
    <message>
        <location filename="../../hallclient/ui/views/counter_window.py" line="+23" />
        <source>窗口端 — 政务服务大厅</source>
        <translation>Counter — Government service hall</translation>
    </message>
    <message>
        <location line="+22" />
        <source>叫号</source>
        <translation>Call</translation>
    </message>
    <message>
        <location line="+1" />
        <source>受理功能将在后续版本中提供。</source>
        <translation>Case intake comes in a later version.</translation>
    </message>
    <message>
        <location line="+2" />
        <location line="+44" />
        <source>受理</source>
        <translation>Intake</translation>
    </message>
    <message>
        <location line="-18" />
        <source>系统(&amp;S)</source>
        <translation>&amp;System</translation>
    </message>
    <message>
        <location line="+1" />
        <source>设置…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>退出登录</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location line="+1" />
        <source>退出程序</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location line="+6" />
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location line="+29" />
        <source>设置已保存；服务器地址、窗口号和语言在重新启动后生效。</source>
        <translation>Settings saved; the server address, window number and language apply after a restart.</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../hallclient/ui/errors.py" line="+13" />
        <source>服务器响应超时，请稍后重试。</source>
        <translation>The server did not answer in time; please try again.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>无法连接服务器，请检查网络。当前为离线状态。</source>
        <translation>Cannot reach the server; check the network. Working offline.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>本地数据库写入失败：</source>
        <translation>Could not write the local database: </translation>
    </message>
    <message>
        <location line="+2" />
        <source>登录已失效，请重新登录。</source>
        <translation>Your session has expired; please sign in again.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>操作失败。</source>
        <translation>The action failed.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>发生了意外错误：</source>
        <translation>Unexpected error: </translation>
    </message>
    <message>
        <location line="+4" />
        <source>“%1”功能在此版本中尚未提供。</source>
        <translation>“%1” is not available in this version.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../hallclient/ui/views/dialogs.py" line="+64" />
        <source>窗口登录</source>
        <translation>Counter sign-in</translation>
    </message>
    <message>
        <location line="+2" />
        <source>窗口 %1 · 服务器 %2</source>
        <translation>Window %1 · server %2</translation>
    </message>
    <message>
        <location line="+10" />
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location line="+3" />
        <source>设置…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location line="+6" />
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location line="+1" />
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location line="+13" />
        <source>正在登录…</source>
        <translation>Signing in…</translation>
    </message>
</context>
<context>
    <name>PauseDialog</name>
    <message>
        <location filename="../../hallclient/ui/views/queue_dialogs.py" line="+93" />
        <source>暂停服务</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location line="+16" />
        <source>请选择暂停原因：</source>
        <translation>Choose a reason for the pause:</translation>
    </message>
</context>
<context>
    <name>Presenter</name>
    <message>
        <location filename="../../hallclient/ui/controllers/presenter.py" line="+16" />
        <source>等候中</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location line="+1" />
        <source>已叫号，等候申请人到窗口</source>
        <translation>Called; waiting for the applicant</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+21" />
        <source>办理中</source>
        <translation>Serving</translation>
    </message>
    <message>
        <location line="-20" />
        <source>已办结</source>
        <translation>Done</translation>
    </message>
    <message>
        <location line="+1" />
        <source>已过号</source>
        <translation>No-show</translation>
    </message>
    <message>
        <location line="+1" />
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location line="+1" />
        <source>已转移</source>
        <translation>Transferred</translation>
    </message>
    <message>
        <location line="+1" />
        <source>已挂起</source>
        <translation>Suspended</translation>
    </message>
    <message>
        <location line="+8" />
        <source>窗口状态未知</source>
        <translation>Window state unknown</translation>
    </message>
    <message>
        <location line="+3" />
        <source>暂停服务</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location line="+3" />
        <source>空闲，可以叫号</source>
        <translation>Idle: ready to call</translation>
    </message>
    <message>
        <location line="+1" />
        <source>叫号中</source>
        <translation>Calling</translation>
    </message>
    <message>
        <location line="+2" />
        <source>未登录</source>
        <translation>Not signed in</translation>
    </message>
    <message>
        <location line="+11" />
        <source>%1 秒</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location line="+3" />
        <source>%1 分钟</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location line="+2" />
        <source>%1 小时 %2 分</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <location line="+35" />
        <source>本窗口可叫 %1 人</source>
        <translation>%1 applicants this window can call</translation>
    </message>
    <message>
        <location line="+12" />
        <source>（本窗口）</source>
        <translation> (this window)</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <location filename="../../hallclient/ui/views/queue_panel.py" line="+92" />
        <source>当前号</source>
        <translation>Current ticket</translation>
    </message>
    <message>
        <location line="+30" />
        <source>业务</source>
        <translation>Service</translation>
    </message>
    <message>
        <location line="+0" />
        <source>等候</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location line="+0" />
        <source>最长等候</source>
        <translation>Longest wait</translation>
    </message>
    <message>
        <location line="+11" />
        <source>本窗口等候人数</source>
        <translation>Waiting for this window</translation>
    </message>
    <message>
        <location line="+7" />
        <source>挂起的号（选中后按 F10 恢复）</source>
        <translation>Suspended tickets (select, then F10 to resume)</translation>
    </message>
    <message>
        <location line="+20" />
        <source>绿色通道</source>
        <translation>Green channel</translation>
    </message>
    <message>
        <location line="+3" />
        <source>手工登记（离线）</source>
        <translation>paper ticket (offline)</translation>
    </message>
    <message>
        <location line="+5" />
        <source>已等候 %1</source>
        <translation>waited %1</translation>
    </message>
    <message>
        <location line="+1" />
        <source>重呼 %1 次</source>
        <translation>recalled %1×</translation>
    </message>
</context>
<context>
    <name>RatingPrompt</name>
    <message>
        <location filename="../../hallclient/ui/views/rating_prompt.py" line="+34" />
        <source>服务评价</source>
        <translation>Rate our service</translation>
    </message>
    <message>
        <location line="+4" />
        <source>请对本次服务进行评价</source>
        <translation>Please rate this service</translation>
    </message>
    <message>
        <location line="+34" />
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <location line="+1" />
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <location line="+1" />
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <location line="+1" />
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <location line="+1" />
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <location line="+24" />
        <source>很抱歉没有让您满意，请告诉我们原因（可多选）：</source>
        <translation>We are sorry. Please tell us why (choose any):</translation>
    </message>
    <message>
        <location line="+8" />
        <source>其他意见或建议（可选）</source>
        <translation>Other comments (optional)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>提交评价</source>
        <translation>Submit</translation>
    </message>
    <message>
        <location line="+14" />
        <source>感谢您的评价！</source>
        <translation>Thank you for your rating!</translation>
    </message>
    <message>
        <location line="+12" />
        <source>窗口 %1 · 号码 %2</source>
        <translation>Window %1 · ticket %2</translation>
    </message>
    <message>
        <location line="+27" />
        <source>%1 秒后自动关闭</source>
        <translation>Closes in %1 s</translation>
    </message>
</context>
<context>
    <name>SelfTest</name>
    <message>
        <location filename="../../hallclient/selftest.py" line="+158" />
        <source>政务服务大厅</source>
        <translation>Government service hall</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../hallclient/ui/views/dialogs.py" line="+20" />
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location line="+10" />
        <source> 秒</source>
        <translation> s</translation>
    </message>
    <message>
        <location line="+4" />
        <source> 小时</source>
        <translation> h</translation>
    </message>
    <message>
        <location line="+2" />
        <source>窗口号、服务器地址和语言在重新登录或重新启动后生效。</source>
        <translation>The window number, server address and language apply after signing in again or restarting.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>服务器地址</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location line="+1" />
        <source>窗口号</source>
        <translation>Window number</translation>
    </message>
    <message>
        <location line="+1" />
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location line="+1" />
        <source>评价超时</source>
        <translation>Rating timeout</translation>
    </message>
    <message>
        <location line="+1" />
        <source>离线登录有效期</source>
        <translation>Offline sign-in valid for</translation>
    </message>
    <message>
        <location filename="../../hallclient/ui/controllers/signin.py" line="+190" />
        <source>请填写窗口号</source>
        <translation>Please enter the window number</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../../hallclient/ui/views/dialogs.py" line="-116" />
        <source>首次设置</source>
        <translation>First-time setup</translation>
    </message>
    <message>
        <location line="+1" />
        <source>请填写中心服务器地址和本机所在的窗口号。以后可在“系统 → 设置”中修改。</source>
        <translation>Enter the central server's address and this PC's window number. You can change them later under System → Settings.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>测试连接</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <location line="+5" />
        <source>服务器地址</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location line="+1" />
        <source>窗口号</source>
        <translation>Window number</translation>
    </message>
    <message>
        <location filename="../../hallclient/ui/controllers/signin.py" line="-54" />
        <source>连接成功，服务器版本 %1</source>
        <translation>Connected; server version %1</translation>
    </message>
    <message>
        <location line="+9" />
        <source>正在连接…</source>
        <translation>Connecting…</translation>
    </message>
</context>
<context>
    <name>ShortcutHelp</name>
    <message>
        <location filename="../../hallclient/ui/views/queue_dialogs.py" line="+45" />
        <source>快捷键</source>
        <translation>Shortcuts</translation>
    </message>
    <message>
        <location line="+3" />
        <source>按键</source>
        <translation>Key</translation>
    </message>
    <message>
        <location line="+0" />
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location line="+0" />
        <source>说明</source>
        <translation>Description</translation>
    </message>
</context>
<context>
    <name>SignInFlow</name>
    <message>
        <location filename="../../hallclient/ui/controllers/signin.py" line="-34" />
        <source>设置已保存；服务器地址和窗口号重启后生效。</source>
        <translation>Settings saved; the server address and window number apply after a restart.</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <location filename="../../hallclient/ui/controllers/syncstatus.py" line="+58" />
        <source>待同步 %1</source>
        <translation>%1 to sync</translation>
    </message>
    <message>
        <location line="+2" />
        <source>最后同步 %1</source>
        <translation>Last sync %1</translation>
    </message>
</context>
<context>
    <name>TicketNumberDialog</name>
    <message>
        <location filename="../../hallclient/ui/views/queue_dialogs.py" line="-25" />
        <source>备注（可选）</source>
        <translation>Note (optional)</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location line="-89" />
        <source>转移 %1</source>
        <translation>Transfer %1</translation>
    </message>
    <message>
        <location line="+1" />
        <source>转到业务</source>
        <translation>To service</translation>
    </message>
    <message>
        <location line="+1" />
        <source>转到窗口</source>
        <translation>To window</translation>
    </message>
    <message>
        <location line="+16" />
        <source>给下一个窗口的说明（可选）</source>
        <translation>Note for the next window (optional)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>保留原取号时间（不重新排队）</source>
        <translation>Keep the original ticket time (no new place at the back)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>确认后 %1 将离开本窗口。</source>
        <translation>After you confirm, %1 leaves this window.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>说明</source>
        <translation>Description</translation>
    </message>
    <message>
        <location line="+5" />
        <source>确认转移</source>
        <translation>Transfer</translation>
    </message>
</context>
</TS>